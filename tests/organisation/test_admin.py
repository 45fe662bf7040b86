"""The admin keeps its own limits: only a superuser makes superusers and staff, gives or takes away
international affairs, grants permissions, changes a superuser or sets another person's password."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import User
from tests.factories import UserFactory, international_affairs_user

pytestmark = pytest.mark.django_db


def change_url(user) -> str:
    return reverse("admin:organisation_user_change", args=[user.pk])


def password_url(user) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def form_data(client, user) -> dict:
    """The user's change form as the admin shows it, ready to post back."""
    response = client.get(change_url(user))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for field in form:
        if field.field.disabled:
            continue
        value, widget = field.value(), field.field.widget
        if isinstance(widget, forms.MultiWidget):
            for index, (part_widget, part) in enumerate(
                zip(widget.widgets, widget.decompress(value), strict=True)
            ):
                data[f"{field.html_name}_{index}"] = part_widget.format_value(part) or ""
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def group(name: str) -> Group:
    return Group.objects.get_or_create(name=name)[0]


def group_names(user) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def test_international_affairs_cannot_make_itself_superuser(strategy_client, strategy_user):
    data = form_data(strategy_client, strategy_user)
    assert "is_superuser" not in data
    data.update(is_superuser="on", first_name="Changed")

    response = strategy_client.post(change_url(strategy_user), data)

    assert response.status_code == 302
    strategy_user.refresh_from_db()
    assert strategy_user.first_name == "Changed"
    assert not strategy_user.is_superuser


def test_the_superuser_and_staff_boxes_and_permissions_are_read_only_for_others(
    strategy_client, culture_user
):
    form = strategy_client.get(change_url(culture_user)).context["adminform"].form

    assert not {"is_superuser", "is_staff", "user_permissions"} & set(form.fields)


def test_international_affairs_cannot_grant_or_take_away_staff_or_permissions(strategy_client, culture_user):
    colleague = international_affairs_user(username="colleague", is_staff=True)
    permission = Permission.objects.get(codename="change_user")
    data = form_data(strategy_client, culture_user)
    data.update(is_staff="on", is_superuser="on", user_permissions=[str(permission.pk)])

    assert strategy_client.post(change_url(culture_user), data).status_code == 302
    colleague_data = form_data(strategy_client, colleague)
    colleague_data.pop("is_staff", None)
    assert strategy_client.post(change_url(colleague), colleague_data).status_code == 302

    culture_user.refresh_from_db()
    colleague.refresh_from_db()
    assert (culture_user.is_staff, culture_user.is_superuser) == (False, False)
    assert not culture_user.user_permissions.exists()
    assert colleague.is_staff


def test_international_affairs_cannot_give_its_role_to_anyone(strategy_client, culture_user):
    data = form_data(strategy_client, culture_user)
    data["groups"] = [str(group(roles.INTERNATIONAL_AFFAIRS).pk)]

    response = strategy_client.post(change_url(culture_user), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert group_names(culture_user) == set()


def test_international_affairs_cannot_take_its_role_away_but_may_change_the_other_groups(
    strategy_client, strategy_user
):
    colleague = international_affairs_user(username="colleague")
    data = form_data(strategy_client, colleague)
    data["groups"] = [str(group(roles.COORDINATION_GROUP).pk)]

    response = strategy_client.post(change_url(colleague), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"] == [
        "Only a superuser gives or takes away international affairs or a group with permissions."
    ]
    assert group_names(colleague) == {roles.INTERNATIONAL_AFFAIRS}

    data["groups"].append(str(group(roles.INTERNATIONAL_AFFAIRS).pk))
    assert strategy_client.post(change_url(colleague), data).status_code == 302
    assert group_names(colleague) == {roles.INTERNATIONAL_AFFAIRS, roles.COORDINATION_GROUP}

    data = form_data(strategy_client, strategy_user)
    data["groups"] = []
    assert strategy_client.post(change_url(strategy_user), data).status_code == 200
    assert group_names(strategy_user) == {roles.INTERNATIONAL_AFFAIRS, roles.COORDINATION_GROUP}


def test_a_group_holding_permissions_is_the_superuser_s_to_give(strategy_client, culture_user):
    powerful = group("user managers")
    powerful.permissions.add(Permission.objects.get(codename="change_user"))
    data = form_data(strategy_client, culture_user)
    data["groups"] = [str(powerful.pk)]

    assert strategy_client.post(change_url(culture_user), data).status_code == 200
    assert group_names(culture_user) == set()


def test_international_affairs_cannot_change_a_superuser(strategy_client):
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)

    response = strategy_client.get(change_url(boss))
    assert response.status_code == 200
    assert "is_active" not in response.context["adminform"].form.fields

    data = {"username": "boss", "first_name": "Taken", "is_active": ""}
    assert strategy_client.post(change_url(boss), data).status_code == 403
    boss.refresh_from_db()
    assert boss.is_active and boss.first_name != "Taken"


def test_only_a_superuser_sets_another_person_s_password(
    strategy_client, strategy_user, culture_user, client
):
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    new = {"password1": "a-new-password-9876", "password2": "a-new-password-9876", "usable_password": "true"}

    for other in (boss, culture_user):
        assert strategy_client.get(password_url(other)).status_code == 403
        assert strategy_client.post(password_url(other), new).status_code == 403
        other.refresh_from_db()
        assert not other.check_password(new["password1"])

    assert strategy_client.get(password_url(strategy_user)).status_code == 200

    client.force_login(boss)
    assert client.post(password_url(culture_user), new).status_code == 302
    culture_user.refresh_from_db()
    assert culture_user.check_password(new["password1"])


def test_a_superuser_grants_what_the_others_cannot(client, culture_user):
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    client.force_login(boss)
    data = form_data(client, culture_user)
    data.update(is_staff="on", groups=[str(group(roles.INTERNATIONAL_AFFAIRS).pk)])

    assert client.post(change_url(culture_user), data).status_code == 302
    culture_user.refresh_from_db()
    assert culture_user.is_staff
    assert group_names(culture_user) == {roles.INTERNATIONAL_AFFAIRS}


def test_a_save_by_someone_else_keeps_the_stored_superuser_and_staff_status(rf, strategy_user, culture_user):
    model_admin = admin.site._registry[User]
    request = rf.post("/")
    request.user = strategy_user
    culture_user.is_superuser = culture_user.is_staff = True

    model_admin.save_model(request, culture_user, form=None, change=True)

    culture_user.refresh_from_db()
    assert (culture_user.is_superuser, culture_user.is_staff) == (False, False)
