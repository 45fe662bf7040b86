"""A membership's trail, year by year: the fee, the roles the city held, the goals' outcomes of
its reviews, and what came through it from the other registers (the applications and grants,
the events), which each register adds by its `TrailPart` (`links.trail`): the policy keeps a
membership only for its benefit, and this is the benefit beside the cost.

The fee of a year is the annual fee as the membership stood at the end of that year (its change
history; before the portal's first record of it, the first fee recorded), in each year from its
start to its end."""

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.trail import YEARS_SHOWN, Trail, TrailColumn, TrailItem, trail_of
from helsinki_intl.records.money import format_euros

from .models import REVIEWS, Membership

FEES = TrailColumn("fee", _("Fee"))
ROLES = TrailColumn("roles", _("Roles held"))
OUTCOMES = TrailColumn("outcomes", _("Goals' outcomes"))


def span_of(membership, today) -> tuple[int, int] | None:
    """The first and last year of the membership's term (to this year, while it lasts); None
    before it started."""
    if membership.start_date is None or membership.start_date > today:
        return None
    last = membership.end_date if membership.end_date and membership.end_date < today else today
    return membership.start_date.year, last.year


def fee_items(membership, span) -> list[TrailItem]:
    """The fee of each of the span's latest years, as the membership stood at each year's end."""
    if span is None:
        return []
    first, last = span
    years = range(max(first, last - YEARS_SHOWN + 1), last + 1)
    recorded = list(
        Membership.history.filter(id=membership.pk)
        .order_by("history_date", "history_id")
        .values_list("history_date", "annual_fee")
    )
    items = []
    for year in years:
        fees = [fee for when, fee in recorded if timezone.localtime(when).year <= year]
        fee = fees[-1] if fees else (recorded[0][1] if recorded else membership.annual_fee)
        if fee is not None:
            items.append(TrailItem(year, FEES.key, format_euros(fee), amount=fee))
    return items


def role_items(membership, span) -> list[TrailItem]:
    if span is None:
        return []
    first, last = span
    items = []
    for role in membership.roles.all():
        start = role.start_date.year if role.start_date else first
        end = role.end_date.year if role.end_date else last
        for year in range(max(start, first, last - YEARS_SHOWN + 1), min(end, last) + 1):
            items.append(TrailItem(year, ROLES.key, str(role)))
    return items


def outcome_items(membership) -> list[TrailItem]:
    return [
        TrailItem(
            review.reviewed_on.year, OUTCOMES.key, outcome.goal.title, note=outcome.get_outcome_display()
        )
        for review in membership.reviews.all()
        for outcome in review.outcomes.all()
    ]


def membership_trail(membership) -> Trail:
    """The membership's trail; its roles and reviews are read unless the page read them already."""
    prefetch_related_objects([membership], "roles", REVIEWS.shown())
    span = span_of(membership, timezone.localdate())
    own = [*fee_items(membership, span), *role_items(membership, span), *outcome_items(membership)]
    return trail_of(own_columns=[FEES, ROLES, OUTCOMES], own_items=own, targets=[membership], span=span)
