from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import Lookup

from .models import Network


class NetworkLookup(Lookup):
    model = Network
    url_name = "lookup-networks"
    route = "networks/"
    name_fields = ("name",)
    code_fields = ("acronym",)
    help_text = _("The network's name or acronym.")
    no_match = _("No network is named “%(name)s”.")
    several = _("Several networks are named “%(name)s”: %(names)s. Type a more exact name.")


NETWORKS = NetworkLookup()
