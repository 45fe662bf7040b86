from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import Lookup

from .models import Call


class CallLookup(Lookup):
    model = Call
    url_name = "lookup-calls"
    route = "calls/"
    name_fields = ("title",)
    code_fields = ("identifier",)
    help_text = _("The call's identifier or title.")
    no_match = _("No call is named “%(name)s”.")
    several = _("Several calls are named “%(name)s”: %(names)s. Type a more exact name.")

    def label(self, record) -> str:
        return f"{record.title} ({record.identifier})"

    def suggestible(self, user):
        return Call.objects.order_by("-deadline", "pk")


CALLS = CallLookup()
