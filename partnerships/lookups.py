from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import Lookup

from .models import Partner


class PartnerLookup(Lookup):
    model = Partner
    url_name = "lookup-partners"
    route = "partners/"
    name_fields = ("name",)
    help_text = _("The partner's name.")
    no_match = _("No partner is named “%(name)s”.")
    several = _("Several partners are named “%(name)s”: %(names)s. Type a more exact name.")


PARTNERS = PartnerLookup()
