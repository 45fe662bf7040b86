"""A record form's rows are bounded: a crafted row count is refused as cheaply as a normal save."""

import pytest
from django.urls import get_resolver, reverse

from helsinki_intl.records.forms import MAX_GOALS, MAX_ROLES, RecordRowsFormSet
from helsinki_intl.records.views import RecordFormMixin
from networks.forms import MembershipGoalFormSet, RoleFormSet
from networks.models import Membership
from partnerships.forms import PartnershipGoalFormSet
from partnerships.models import Partnership
from tests.factories import MembershipFactory, MembershipGoalFactory, NetworkFactory, RoleFactory
from tests.partnerships.factories import PartnershipFactory
from tests.partnerships.helpers import posted_back

CRAFTED_TOTAL = "99999"
SMALL_PAGE = 300_000  # bytes; the refused page is an ordinary form page, not 99,999 rows


def edit_url(record) -> str:
    opts = record._meta
    return reverse(f"{opts.app_label}:{opts.model_name}-edit", args=[record.pk])


def crafted(data: dict, *prefixes: str) -> dict:
    return {**data, **{f"{prefix}-TOTAL_FORMS": CRAFTED_TOTAL for prefix in prefixes}}


def record_form_views() -> set[type]:
    """Every view of the portal that saves a record form with its rows."""
    views = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif isinstance(getattr(pattern.callback, "view_class", None), type) and issubclass(
                pattern.callback.view_class, RecordFormMixin
            ):
                views.add(pattern.callback.view_class)

    walk(get_resolver().url_patterns)
    return views


def test_every_formset_of_the_portal_is_bounded():
    formsets = {formset for view in record_form_views() for formset in view.formset_classes.values()}

    assert formsets == {MembershipGoalFormSet, RoleFormSet, PartnershipGoalFormSet}
    for formset, most in [
        (MembershipGoalFormSet, MAX_GOALS),
        (PartnershipGoalFormSet, MAX_GOALS),
        (RoleFormSet, MAX_ROLES),
    ]:
        assert (formset.max_num, formset.absolute_max, formset.validate_max) == (most, most, True)
        assert issubclass(formset, RecordRowsFormSet)


@pytest.mark.django_db
def test_a_membership_edit_with_a_crafted_row_count_is_a_form_error(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit, benefits="Peer learning")
    data = posted_back(culture_client.get(edit_url(membership)), benefits="Changed")

    response = culture_client.post(edit_url(membership), crafted(data, "goals", "roles"))

    assert response.status_code == 200
    assert len(response.content) < SMALL_PAGE
    for name in ("goals", "roles"):
        assert response.context["formsets"][name].non_form_errors() == [
            f"Please submit at most {MAX_GOALS if name == 'goals' else MAX_ROLES} forms."
        ]
    membership.refresh_from_db()
    assert (membership.benefits, membership.goals.count(), membership.roles.count()) == (
        "Peer learning",
        1,
        0,
    )


@pytest.mark.django_db
def test_a_membership_add_with_a_crafted_row_count_saves_nothing(culture_client, culture_unit):
    network = NetworkFactory()
    form_page = culture_client.get(reverse("networks:membership-add"), {"network": network.name})
    data = posted_back(
        form_page,
        owner_unit=culture_unit.name_en,
        status=Membership.Status.ACTIVE,
        start_date="2024-01-01",
        **{"goals-0-title": "Learn from peers"},
    )

    response = culture_client.post(reverse("networks:membership-add"), crafted(data, "goals", "roles"))

    assert response.status_code == 200
    assert len(response.content) < SMALL_PAGE
    assert response.context["formsets"]["goals"].non_form_errors()
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_a_partnership_edit_with_a_crafted_row_count_is_a_form_error(culture_client, culture_unit):
    partnership = PartnershipFactory(active=True, owner_unit=culture_unit, themes="Climate")
    data = posted_back(culture_client.get(edit_url(partnership)), themes="Changed")

    response = culture_client.post(edit_url(partnership), crafted(data, "goals"))

    assert response.status_code == 200
    assert len(response.content) < SMALL_PAGE
    assert response.context["formsets"]["goals"].non_form_errors()
    assert Partnership.objects.get(pk=partnership.pk).themes == "Climate"


@pytest.mark.django_db
def test_a_membership_saves_with_as_many_goals_as_the_form_takes(culture_client, culture_unit):
    membership = MembershipFactory(active=True, owner_unit=culture_unit)
    data = posted_back(culture_client.get(edit_url(membership)))
    data["goals-TOTAL_FORMS"] = str(MAX_GOALS)
    data.update({f"goals-{index}-title": f"Goal {index}" for index in range(1, MAX_GOALS)})

    saved = culture_client.post(edit_url(membership), data)

    assert saved.status_code == 302
    assert membership.goals.count() == MAX_GOALS
    edit_page = culture_client.get(edit_url(membership))
    assert len(edit_page.context["formsets"]["goals"].forms) == MAX_GOALS  # no blank row beyond


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("section", "factory", "most", "row"),
    [
        ("goals", MembershipGoalFactory, MAX_GOALS, {"goal-title": "One more"}),
        ("roles", RoleFactory, MAX_ROLES, {"role-title": "Board member", "role-holder": "Aino"}),
    ],
)
def test_a_row_added_from_the_membership_page_stays_within_what_the_edit_form_takes(
    culture_client, culture_unit, section, factory, most, row
):
    membership = MembershipFactory(owner_unit=culture_unit)
    factory.create_batch(most - getattr(membership, section).count(), membership=membership)

    response = culture_client.post(reverse(f"networks:membership-{section}", args=[membership.pk]), row)

    assert response.status_code == 200
    message = f"A membership has at most {most} {section}: remove one before adding another."
    assert message in response.content.decode()
    assert getattr(membership, section).count() == most
    assert culture_client.get(edit_url(membership)).status_code == 200
