"""The partnership register's part of the load data: partners, and partnerships with their goals,
journals of contacts, visits and meetings, reviews and goal outcomes.

No twin-city relationships: the policy registers no new ones, and generated rows are new.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from helsinki_intl.demo.load import marks, reviews, words
from helsinki_intl.demo.load.cleanup import Generated, purge
from helsinki_intl.demo.load.context import Context
from helsinki_intl.demo.load.plan import GOALS_PER_RECORD, RegisterLoad
from helsinki_intl.demo.load.reference import Reference
from helsinki_intl.journal.models import JournalEntry

from .models import (
    Contact,
    Partner,
    Partnership,
    PartnershipGoal,
    PartnershipGoalOutcome,
    PartnershipReview,
    PartnershipStatusChange,
)

PER_SCALE_UNIT = {"partners": 100, "partnerships": 300}
CONTACTS_PER_PARTNERSHIP = 2

Status = Partnership.Status
STATUSES = {Status.ACTIVE: 60, Status.EXPLORED: 12, Status.DORMANT: 13, Status.ENDED: 15}
TYPES = {Partnership.Type.THEMATIC: 55, Partnership.Type.PROJECT_BASED: 45}
CONTACT_KINDS = {JournalEntry.Kind.CONTACT: 50, JournalEntry.Kind.VISIT: 20, JournalEntry.Kind.MEETING: 30}
PLANNED_MEETING_SHARE = 0.15


def reference(ctx: Context, ref: Reference) -> list[int]:
    return _partners(ctx, ref.units)


def generate(ctx: Context, ref: Reference, partners: list[int]) -> None:
    partnerships = ctx.writer.create(
        Partnership, [_partnership(ctx, ref, partners) for _ in range(ctx.plan.partnerships)]
    )
    priorities, sdgs = [], []
    for partnership in partnerships:
        priorities += [(partnership.pk, pk) for pk in ctx.sample(ref.priorities, most=3, least=1)]
        sdgs += [(partnership.pk, pk) for pk in ctx.sample(ref.sdgs, most=3, least=1)]
    ctx.writer.link(Partnership, "priorities", priorities)
    ctx.writer.link(Partnership, "sdgs", sdgs)
    goals = ctx.writer.create(
        PartnershipGoal, reviews.goals(ctx, PartnershipGoal, partnerships, "partnership", GOALS_PER_RECORD)
    )
    content_type = ContentType.objects.get_for_model(Partnership)
    ctx.writer.create(
        JournalEntry,
        [
            _contact(ctx, partnership, content_type)
            for partnership in partnerships
            for _ in range(CONTACTS_PER_PARTNERSHIP)
        ],
    )
    reviewed = [
        PartnershipReview(partnership=partnership, **reviews.review_fields(ctx, ref, partnership))
        for partnership in partnerships
        if partnership.status == Status.ACTIVE
    ]
    reviewed = ctx.writer.create(PartnershipReview, reviewed)
    ctx.writer.create(
        PartnershipGoalOutcome, reviews.outcomes(ctx, PartnershipGoalOutcome, reviewed, goals, "partnership")
    )


def _partnership(ctx: Context, ref: Reference, partners: list[int]) -> Partnership:
    unit = ctx.rng.choice(ref.units)
    status = ctx.weighted(STATUSES)
    start = end = None
    if status != Status.EXPLORED:
        start = ctx.days_from_today(-15 * 365, -30)
    if status == Status.ENDED:
        end = min(start + datetime.timedelta(days=ctx.rng.randint(180, 8 * 365)), ctx.today)
    # At least one form of cooperation: a non-zero three-bit mask.
    forms = ctx.rng.randint(1, 7)
    return Partnership(
        partner_id=ctx.rng.choice(partners),
        owner_unit_id=unit,
        responsible_person_id=ref.person_in(ctx, unit),
        type=ctx.weighted(TYPES),
        information_exchange=bool(forms & 1),
        project_cooperation=bool(forms & 2),
        joint_advocacy=bool(forms & 4),
        themes=ctx.rng.choice(words.THEMES),
        status=status,
        start_date=start,
        end_date=end,
        review_interval_months=12,
        next_review_due=ctx.next_review_due() if status in Partnership.REVIEWED_STATUSES else None,
    )


def _contact(ctx: Context, partnership: Partnership, content_type) -> JournalEntry:
    # Only a meeting may be planned ahead; contacts and visits are logged once held.
    if partnership.status != Status.ENDED and ctx.rng.random() < PLANNED_MEETING_SHARE:
        date, kind = ctx.days_from_today(1, 120), JournalEntry.Kind.MEETING
    else:
        date, kind = ctx.days_from_today(-3 * 365, 0), ctx.weighted(CONTACT_KINDS)
    return JournalEntry(
        content_type=content_type,
        object_id=partnership.pk,
        date=date,
        kind=kind,
        participants=ctx.rng.choice(words.PARTICIPANTS),
        text=ctx.rng.choice(words.CONTACT_SUMMARIES),
        author_id=partnership.responsible_person_id,
    )


def _partners(ctx: Context, units: list[int]) -> list[int]:
    partners = []
    for number in range(1, ctx.plan.partners + 1):
        if ctx.rng.random() < 0.85:
            name, country, region = ctx.rng.choice(words.CITIES)
            kind = "city"
        else:
            kind, name = ctx.rng.choice(words.ORGANISATIONS)
            country = region = ""
        partners.append(
            Partner(
                name=f"{marks.NAME_PREFIX}{name} {number:05d}",
                kind=kind,
                country=country,
                region=region,
                website=f"https://partner-{number}.example.org",
                owner_unit_id=ctx.rng.choice(units),
            )
        )
    return [partner.pk for partner in ctx.writer.create(Partner, partners)]


def delete_generated(generated: Generated) -> None:
    owned = generated.owned
    partners = Partner.objects.filter(owned)
    partnerships = Partnership.objects.filter(owned | Q(partner__in=partners))
    purge(PartnershipGoalOutcome, Q(review__partnership__in=partnerships))
    purge(
        JournalEntry,
        Q(
            content_type=ContentType.objects.get_for_model(Partnership),
            object_id__in=partnerships.values("pk"),
        ),
    )
    for model in (PartnershipReview, PartnershipGoal, Contact, PartnershipStatusChange):
        purge(model, Q(partnership__in=partnerships))
    purge(Partnership, owned | Q(partner__in=partners))
    purge(Partner, owned)


LOAD_DATA = RegisterLoad(
    per_scale_unit=PER_SCALE_UNIT,
    reference=reference,
    generate=generate,
    delete_generated=delete_generated,
)
