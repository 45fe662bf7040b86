"""The planned activities' part of the load data: visits, delegations, missions, campaigns,
conferences and study visits around today, with their status timelines."""

import datetime

from django.db.models import Q

from helsinki_intl.demo.load import marks, words
from helsinki_intl.demo.load.cleanup import Generated, purge, raw_delete
from helsinki_intl.demo.load.context import Context
from helsinki_intl.demo.load.plan import RegisterLoad
from helsinki_intl.demo.load.reference import Reference

from .demo import PATH
from .models import Activity, ActivityStatusChange

PER_SCALE_UNIT = {"activities": 100}

Status = Activity.Status
Kind = Activity.Kind
KINDS = {
    Kind.VISIT_ABROAD: 25,
    Kind.INCOMING_DELEGATION: 20,
    Kind.TRADE_MISSION: 10,
    Kind.CAMPAIGN: 5,
    Kind.CONFERENCE: 30,
    Kind.STUDY_VISIT: 10,
}
REPORTS = [
    ("Agreed a joint project application with the host city.", "The host city's international office."),
    ("Three companies met investors; one follow-up meeting booked.", "Business Finland's local office."),
    ("Learnt the host city's model for district heating.", "The host city's energy company."),
]
NOT_STARTED = (Status.PLANNED, Status.CONFIRMED)


def generate(ctx: Context, ref: Reference, own: None) -> None:
    activities = ctx.writer.create(Activity, [_activity(ctx, ref) for _ in range(ctx.plan.activities)])
    ctx.writer.create(
        ActivityStatusChange, [change for activity in activities for change in _timeline(ctx, activity)]
    )
    priorities, sdgs, participants = [], [], []
    for activity in activities:
        priorities += [(activity.pk, pk) for pk in ctx.sample(ref.priorities, most=2, least=1)]
        sdgs += [(activity.pk, pk) for pk in ctx.sample(ref.sdgs, most=3, least=1)]
        others = ctx.sample(ref.units, most=2)
        participants += [(activity.pk, pk) for pk in others if pk != activity.owner_unit_id]
    ctx.writer.link(Activity, "priorities", priorities)
    ctx.writer.link(Activity, "sdgs", sdgs)
    ctx.writer.link(Activity, "participating_units", participants)


def _activity(ctx: Context, ref: Reference) -> Activity:
    rng = ctx.rng
    kind = ctx.weighted(KINDS)
    starts = ctx.days_from_today(-400, 400)
    ends = starts + datetime.timedelta(days=rng.randint(0, 30 if kind == Kind.CAMPAIGN else 5))
    if ends < ctx.today:
        status = ctx.weighted({Status.DONE: 30, Status.REPORTED: 60, Status.CANCELLED: 10})
    elif starts <= ctx.today:
        status = ctx.weighted({Status.CONFIRMED: 70, Status.DONE: 30})
    else:
        status = ctx.weighted({Status.PLANNED: 50, Status.CONFIRMED: 40, Status.CANCELLED: 10})
    unit = rng.choice(ref.units)
    city, country, _region = rng.choice(words.CITIES)
    online = kind == Kind.CAMPAIGN and rng.random() < 0.5
    activity = Activity(
        owner_unit_id=unit,
        responsible_person_id=ref.person_in(ctx, unit),
        title=f"{marks.NAME_PREFIX}{Kind(kind).label} {city} {starts.year}",
        kind=kind,
        status=status,
        starts_on=starts,
        ends_on=ends,
        city="" if online else city,
        country="" if online else country,
        online=online,
        city_leadership=ctx.weighted({"none": 85, "deputy_mayor": 10, "mayor": 5}),
        target_markets=country,
        description=rng.choice(words.BENEFITS),
        **{name: rng.random() < 0.4 for name in Activity.TARGET_GROUP_FIELDS},
    )
    if status == Status.REPORTED:
        activity.report_outcomes, activity.report_contacts = rng.choice(REPORTS)
    return activity


def _timeline(ctx: Context, activity: Activity) -> list[ActivityStatusChange]:
    """The steps that brought the activity to its status, each on a day after the one before."""
    planned = min(activity.starts_on - datetime.timedelta(days=ctx.rng.randint(30, 120)), ctx.today)
    days = {
        Status.CONFIRMED: min(
            activity.starts_on - datetime.timedelta(days=ctx.rng.randint(1, 29)), ctx.today
        ),
        Status.DONE: min(activity.ends_on, ctx.today),
        Status.REPORTED: min(activity.ends_on + datetime.timedelta(days=ctx.rng.randint(1, 20)), ctx.today),
        Status.CANCELLED: min(activity.starts_on - datetime.timedelta(days=1), ctx.today),
    }
    changes = [
        ActivityStatusChange(
            activity_id=activity.pk,
            status=Status.PLANNED,
            changed_on=planned,
            changed_by_id=activity.responsible_person_id,
        )
    ]
    previous = Status.PLANNED
    for status in PATH[activity.status]:
        changes.append(
            ActivityStatusChange(
                activity_id=activity.pk,
                from_status=previous,
                status=status,
                changed_on=max(days[status], planned),
                changed_by_id=activity.responsible_person_id,
            )
        )
        previous = status
    return changes


def delete_generated(generated: Generated) -> None:
    activities = Activity.objects.filter(generated.owned)
    purge(ActivityStatusChange, Q(activity__in=activities))
    purge(Activity, generated.owned)
    # Activities that stay may have a generated unit taking part.
    raw_delete(Activity.participating_units.through.objects.filter(orgunit__in=generated.units))


LOAD_DATA = RegisterLoad(
    per_scale_unit=PER_SCALE_UNIT,
    generate=generate,
    delete_generated=delete_generated,
)
