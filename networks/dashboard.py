"""The networks' panels of the dashboard: the strategy period's priority networks, and the roles
the city holds in networks."""

from django.db.models import F, OuterRef

from helsinki_intl.coordination.dashboard import CityReading, Listing, ListQuery, Panel, count_of, first_rows

from .models import Membership, PriorityNetwork, Role


def priority_networks(reading: CityReading) -> dict:
    """The period's priority and target networks, with the city's current memberships in each."""
    period = reading.period
    if period is None:
        return {"priority_networks": Listing([], 0)}
    designations = (
        PriorityNetwork.objects.filter(period=period)
        .select_related("network")
        .annotate(memberships=count_of(Membership.objects.current().filter(network=OuterRef("network"))))
    )
    rows, total = first_rows(designations)
    url = ListQuery.named("networks:network-list", designated_in=period.pk).url
    return {"priority_networks": Listing(rows, total, url)}


def memberships_with_roles() -> dict[str, ListQuery]:
    return {"memberships_with_roles": ListQuery.named("networks:membership-list", has_role="true")}


def roles(reading: CityReading) -> dict:
    """The roles the city holds, the soonest ending first."""
    held = Role.objects.held(reading.today).select_related("membership__network")
    rows, total = first_rows(held.order_by(F("end_date").asc(nulls_last=True), "title", "pk"))
    return {
        "roles": Listing(rows, total),
        "memberships_with_roles": reading.figures["memberships_with_roles"],
    }


PANELS = (
    Panel("networks/dashboard_priority_networks.html", priority_networks, position=40),
    Panel("networks/dashboard_roles.html", roles, position=50, figures=memberships_with_roles),
)
