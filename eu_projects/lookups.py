from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import Lookup

from .models import Application, Call


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


class ApplicationLookup(Lookup):
    """An application, named by its project's name or acronym: "CLIMATE-NEUTRAL – Climate-neutral
    cities"."""

    model = Application
    url_name = "lookup-applications"
    route = "applications/"
    name_fields = ("project_name",)
    code_fields = ("acronym",)
    help_text = _("The project's name or acronym.")
    no_match = _("No application is named “%(name)s”.")
    several = _("Several applications are named “%(name)s”: %(names)s. Type a more exact name.")

    def label(self, record) -> str:
        return f"{record.project_name} ({record.acronym})" if record.acronym else record.project_name

    def containing(self, queryset, text):
        # A suggestion chosen is typed back as "Name (acronym)": its words, without the brackets.
        return super().containing(queryset, text.replace("(", " ").replace(")", " "))

    def suggestible(self, user):
        return Application.objects.order_by("project_name", "pk")


APPLICATIONS = ApplicationLookup()
