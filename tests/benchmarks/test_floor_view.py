"""The benchmark's floor page exists only in benchmark runs."""

from django.urls import reverse


def test_the_floor_page_is_not_found_by_default(strategy_client, client):
    assert strategy_client.get(reverse("benchmark-floor")).status_code == 404
    assert client.get(reverse("benchmark-floor")).status_code == 404


def test_the_floor_page_answers_a_signed_in_user_in_benchmark_mode(settings, strategy_client):
    settings.BENCHMARK_MODE = True
    response = strategy_client.get(reverse("benchmark-floor"))
    assert response.status_code == 200
    assert response.content == b"Hello"


def test_the_floor_page_asks_others_to_sign_in(settings, client):
    settings.BENCHMARK_MODE = True
    response = client.get(reverse("benchmark-floor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
