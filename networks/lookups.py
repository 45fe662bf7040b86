from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.lookups import Lookup

from .models import Membership, Network


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


class MembershipLookup(Lookup):
    """A membership, named by its network and its owner unit's code: "Eurocities (strategy)"."""

    model = Membership
    url_name = "lookup-memberships"
    route = "memberships/"
    name_fields = ("network__name", "network__acronym")
    code_fields = ("owner_unit__code",)
    help_text = _(
        "The network's name or acronym, and the owner unit's code in brackets if several units belong."
    )
    no_match = _("No membership is named “%(name)s”.")
    several = _("Several memberships are named “%(name)s”: %(names)s. Type a more exact name.")

    def label(self, record) -> str:
        return f"{record.network.name} ({record.owner_unit.code})"

    def searchable(self, queryset):
        return queryset.select_related("network", "owner_unit")

    def containing(self, queryset, text):
        # A suggestion chosen is typed back as "Name (code)": its words, without the brackets.
        return super().containing(queryset, text.replace("(", " ").replace(")", " "))

    def suggestible(self, user):
        return Membership.objects.order_by("network__name", "pk")


MEMBERSHIPS = MembershipLookup()
