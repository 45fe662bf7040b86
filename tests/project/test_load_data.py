import io
import math

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from activities.models import Activity, ActivityStatusChange
from eu_projects.models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation, Programme
from events.models import EventBid, EventBidStatusChange
from helsinki_intl.demo.load import Plan, marks
from helsinki_intl.journal.models import JournalEntry
from helsinki_intl.organisation.models import OrgUnit, User
from helsinki_intl.strategy.models import StrategyPeriod
from networks.models import (
    Membership,
    MembershipGoal,
    MembershipGoalOutcome,
    MembershipReview,
    Network,
    PriorityNetwork,
    Role,
)
from partnerships.models import (
    Partner,
    Partnership,
    PartnershipGoal,
    PartnershipGoalOutcome,
    PartnershipReview,
)

pytestmark = pytest.mark.django_db

SCALE = "0.1"
GENERATED = {"owner_unit__code__startswith": marks.UNIT_CODE_PREFIX}
HISTORY_MODELS = [
    OrgUnit,
    Network,
    PriorityNetwork,
    Membership,
    MembershipGoal,
    Role,
    MembershipReview,
    Partner,
    Partnership,
    PartnershipGoal,
    JournalEntry,
    PartnershipReview,
    PartnershipGoalOutcome,
    Programme,
    Call,
    Application,
    ApplicationStatusChange,
    CoFinancingAppropriation,
    EventBid,
    EventBidStatusChange,
    Activity,
    ActivityStatusChange,
]
VALIDATED_MODELS = [*HISTORY_MODELS, MembershipGoalOutcome]


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_load_data", "--scale", SCALE, *args, stdout=out)
    return out.getvalue()


def names() -> dict[str, list]:
    return {
        "units": list(OrgUnit.objects.filter(code__startswith="load-").values_list("code", "name_en")),
        "people": list(
            User.objects.filter(username__startswith="load-").values_list("username", "last_name")
        ),
        "networks": list(Network.objects.filter(**GENERATED).values_list("name", flat=True)),
        "partners": list(Partner.objects.filter(**GENERATED).values_list("name", flat=True)),
        "calls": list(Call.objects.filter(**GENERATED).values_list("identifier", flat=True)),
        "applications": list(
            Application.objects.filter(**GENERATED).order_by("pk").values_list("project_name", "status")
        ),
        "bids": list(EventBid.objects.filter(**GENERATED).order_by("pk").values_list("name", "status")),
        "memberships": list(
            Membership.objects.filter(**GENERATED)
            .order_by("pk")
            .values_list("network__name", "owner_unit__code", "status", "next_review_due")
        ),
    }


def test_counts_follow_the_documented_plan_on_an_empty_database():
    plan = Plan.for_scale(0.1)

    out = generate()

    assert OrgUnit.objects.filter(code__startswith="load-").count() == plan.units == 3
    assert User.objects.filter(username__startswith="load-").count() == plan.people == 2
    assert Network.objects.count() == plan.networks
    assert Partner.objects.count() == plan.partners == 10
    assert Call.objects.count() == plan.calls == 2
    assert Membership.objects.count() == plan.memberships == 10
    assert MembershipGoal.objects.count() == 2 * plan.memberships
    assert Role.objects.count() == plan.roles == math.ceil(plan.memberships / 3)
    active = Membership.objects.active().count()
    assert active > 0
    assert MembershipReview.objects.count() == active
    assert MembershipGoalOutcome.objects.count() == 2 * active
    assert Partnership.objects.count() == plan.partnerships == 30
    assert PartnershipGoal.objects.count() == JournalEntry.objects.count() == 2 * plan.partnerships
    assert PartnershipReview.objects.count() == Partnership.objects.active().count()
    assert Application.objects.count() == plan.applications == 20
    for application in Application.objects.all():
        assert 1 <= application.status_changes.count() <= 2
        assert application.status_changes.order_by("-changed_on", "-pk").first().status == application.status
    assert EventBid.objects.count() == plan.event_bids == 5
    for bid in EventBid.objects.exclude(status=EventBid.Status.IDEA):
        timeline = list(bid.status_changes.values_list("from_status", "status"))
        assert timeline[0][0] == "idea" and timeline[-1][1] == bid.status, bid
    assert Membership.priorities.through.objects.exists() and EventBid.sdgs.through.objects.exists()
    assert Activity.objects.count() == plan.activities == 10
    for activity in Activity.objects.all():
        timeline = list(activity.status_changes.values_list("from_status", "status"))
        assert timeline[0] == ("", "planned") and timeline[-1][1] == activity.status, activity
    # With no strategy period in the database, the demo's is loaded for the priorities.
    assert StrategyPeriod.objects.current().priorities.exists()
    assert "networks.Membership" in out and "generated in" in out


def test_the_scale_grows_every_list():
    small, large = Plan.for_scale(1), Plan.for_scale(100)
    assert (large.memberships, large.partnerships, large.applications, large.event_bids) == (
        10_000,
        30_000,
        20_000,
        5_000,
    )
    assert large.units == 100 * small.units and large.partners == 100 * small.partners
    # Room for one current membership per network and owner unit, however small the scale.
    for scale in (0.01, 0.1, 0.3, 1, 100):
        plan = Plan.for_scale(scale)
        assert plan.networks * plan.units >= plan.memberships


def test_every_generated_record_passes_the_model_s_validation():
    generate()

    for model in VALIDATED_MODELS:
        records = list(model.objects.all())
        assert records, model
        for record in records:
            record.full_clean()


def test_the_review_queue_and_the_dashboard_have_work():
    generate()

    reviewed = [*Membership.objects.under_review(), *Partnership.objects.under_review()]
    assert any(record.is_review_overdue() for record in reviewed)
    assert not all(record.is_review_overdue() for record in reviewed)
    assert not Membership.objects.without_goals().exists()
    assert EventBid.objects.exclude(kind=EventBid.Kind.ABROAD).exists()


def test_co_financing_stays_within_each_year_s_appropriation_and_demo_data_stays_on_replace():
    call_command("seed_demo")
    demo = {
        "memberships": Membership.objects.count(),
        "bid timelines": EventBidStatusChange.objects.count(),
        "applications": Application.objects.count(),
        "appropriations": set(CoFinancingAppropriation.objects.values_list("year", "amount")),
        "history": Membership.history.count(),
    }
    generate()
    generated = Membership.objects.count() - demo["memberships"]

    generate("--replace", "--seed", "7")

    assert Membership.objects.count() == demo["memberships"] + generated
    assert Application.objects.exclude(**GENERATED).count() == demo["applications"]
    assert (
        EventBidStatusChange.objects.exclude(bid__owner_unit__code__startswith=marks.UNIT_CODE_PREFIX).count()
        == (demo["bid timelines"])
    )
    assert demo["appropriations"] <= set(CoFinancingAppropriation.objects.values_list("year", "amount"))
    # The replaced records left no history behind.
    assert Membership.history.count() == demo["history"] + generated
    for appropriation in CoFinancingAppropriation.objects.with_balance():
        assert appropriation.left >= 0, appropriation.year


def test_a_second_run_is_refused_without_replace():
    generate()
    before = names()

    with pytest.raises(CommandError, match="already present; use --replace"):
        generate()

    assert names() == before


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    generate()
    first = names()

    generate("--replace")
    assert names() == first

    generate("--replace", "--seed", "12")
    other = names()
    assert other["networks"] != first["networks"] and other["applications"] != first["applications"]
    assert len(other["networks"]) == len(first["networks"])


def test_each_record_has_its_created_history():
    generate()

    for model in HISTORY_MODELS:
        assert model.history.filter(history_type="+").count() == model.objects.count(), model
    membership = Membership.objects.filter(priorities__isnull=False).first()
    created = membership.history.get()
    assert {row.priority_id for row in created.priorities.all()} == set(
        membership.priorities.values_list("pk", flat=True)
    )


def test_a_scale_must_be_positive():
    with pytest.raises(CommandError, match="scale"):
        call_command("generate_load_data", "--scale", "0")


def test_the_portal_s_pages_render_on_the_load_data(strategy_client):
    generate()
    membership = Membership.objects.filter(**GENERATED).first()
    pages = [
        reverse("home"),
        reverse("coordination:review-queue"),
        reverse("networks:membership-list"),
        reverse("networks:network-list"),
        reverse("partnerships:partnership-list"),
        reverse("partnerships:partner-list"),
        reverse("eu_projects:application-list"),
        reverse("eu_projects:call-list"),
        reverse("eu_projects:programme-list"),
        reverse("eu_projects:cofinancingappropriation-list"),
        reverse("events:eventbid-list"),
        membership.get_absolute_url(),
        reverse("networks:membership-history", args=[membership.pk]),
    ]
    for page in pages:
        assert strategy_client.get(page).status_code == 200, page
