"""Reviews of records under review, shared by memberships and partnerships."""

import datetime

from dateutil.relativedelta import relativedelta

from helsinki_intl.records.choices import GoalOutcome, Recommendation

from . import words
from .context import Context
from .reference import Reference

OUTCOMES = {
    GoalOutcome.MET: 40,
    GoalOutcome.PARTLY_MET: 35,
    GoalOutcome.NOT_MET: 15,
    GoalOutcome.NO_LONGER_RELEVANT: 10,
}
RECOMMENDATIONS = {
    Recommendation.CONTINUE: 55,
    Recommendation.INTENSIFY: 15,
    Recommendation.SEEK_LEADING_ROLE: 5,
    Recommendation.REDUCE: 15,
    Recommendation.LEAVE: 10,
}


def review_fields(ctx: Context, ref: Reference, record) -> dict:
    """The record's last review: one interval before the next is due, never ahead of today."""
    reviewed_on = record.next_review_due - relativedelta(months=record.review_interval_months)
    reviewed_on = min(reviewed_on, ctx.today - datetime.timedelta(days=ctx.rng.randint(1, 60)))
    if record.start_date:
        reviewed_on = max(reviewed_on, record.start_date)
    return {
        "reviewed_on": reviewed_on,
        "reviewer_id": ctx.rng.choice(ref.people),
        "benefit_assessment": ctx.rng.choice(words.BENEFIT_ASSESSMENTS),
        "recommendation": ctx.weighted(RECOMMENDATIONS),
        "decision": ctx.rng.choice(words.DECISIONS),
    }


def outcomes(ctx: Context, model, reviews: list, goals: list, record_field: str) -> list:
    """An outcome of each goal of the reviewed record."""
    goals_of: dict[int, list] = {}
    for goal in goals:
        goals_of.setdefault(getattr(goal, f"{record_field}_id"), []).append(goal)
    return [
        model(review=review, goal=goal, outcome=ctx.weighted(OUTCOMES))
        for review in reviews
        for goal in goals_of[getattr(review, f"{record_field}_id")]
    ]


def goals(ctx: Context, model, records: list, record_field: str, count: int) -> list:
    """`count` different goals for each record."""
    return [
        model(**{record_field: record}, title=title, target=target, indicator=indicator, order=order)
        for record in records
        for order, (title, target, indicator) in enumerate(ctx.rng.sample(words.GOALS, count))
    ]
