import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_member(culture_unit):
    user = UserFactory(username="aino", units=[culture_unit])
    user.set_password("a-long-enough-password")
    user.save()
    return user


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_signing_in_leads_to_the_page_asked_for(client, staff_member):
    response = client.post(
        reverse("login"),
        {"username": "aino", "password": "a-long-enough-password", "next": "/networks/memberships/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/networks/memberships/"
    assert client.get("/networks/memberships/").status_code == 200


def test_a_wrong_password_is_answered_clearly(client, staff_member):
    response = client.post(reverse("login"), {"username": "aino", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_takes_a_post(culture_client):
    assert culture_client.get(reverse("logout")).status_code == 405
    assert culture_client.get("/").status_code == 200
    response = culture_client.post(reverse("logout"))
    assert response.status_code == 302
    assert culture_client.get("/").status_code == 302


def test_the_chosen_language_is_remembered_and_set_on_the_page(culture_client):
    response = culture_client.get("/")
    assert '<html lang="en">' in response.content.decode()

    culture_client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    page = culture_client.get("/").content.decode()
    assert '<html lang="sv">' in page
    assert "Logga ut" in page

    culture_client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    page = culture_client.get("/").content.decode()
    assert '<html lang="fi">' in page
    assert "Kirjaudu ulos" in page


def test_finnish_is_the_default_language(client, settings, staff_member):
    settings.LANGUAGE_CODE = "fi"
    client.force_login(staff_member)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="").content.decode()
    assert '<html lang="fi">' in page
