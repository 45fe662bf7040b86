import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from helsinki_intl.journal.models import JournalEntry
from partnerships.models import Partner, Partnership, PartnershipGoal

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "partners": Partner.objects.count(),
        "partnerships": Partnership.objects.count(),
        "goals": PartnershipGoal.objects.count(),
        "journal": JournalEntry.objects.count(),
        "priorities": Partnership.priorities.through.objects.count(),
        "sdgs": Partnership.sdgs.through.objects.count(),
        "history": Partnership.history.count() + Partner.history.count(),
    }


def test_the_demo_has_the_key_partners_and_every_record_is_valid():
    call_command("seed_demo")

    names = set(Partner.objects.values_list("name", flat=True))
    assert {"Tallinn", "Stockholm", "Oslo", "Copenhagen", "Reykjavik", "Riga", "Vilnius"} <= names
    assert Partner.objects.filter(kind="un_agency").count() >= 2
    assert Partner.objects.filter(region="asia").exists()

    tallinn = Partnership.objects.get(partner__name="Tallinn")
    assert (tallinn.type, tallinn.status) == ("twin_city", "active")
    assert tallinn.goals.exists()
    journal = JournalEntry.objects.of(tallinn)
    assert journal.held().exists() and journal.planned().exists()
    assert list(Partnership.objects.filter(type="twin_city")) == [tallinn]
    assert set(
        Partnership.objects.filter(partner__region="baltic").values_list("partner__name", flat=True)
    ) >= {
        "Riga",
        "Vilnius",
    }
    assert Partnership.objects.filter(status="dormant").count() == 1
    assert Partnership.objects.filter(status="explored").count() == 1
    assert 1 <= Partnership.objects.review_overdue().count() <= 2
    assert Partnership.objects.review_due(before=tallinn.next_review_due).count() >= 3
    assert {"strategia", "elinkeino", "kymp", "kasko"} <= set(
        Partnership.objects.values_list("owner_unit__code", flat=True)
    )
    for partner in Partner.objects.all():
        partner.full_clean()
    for partnership in Partnership.objects.all():
        partnership.full_clean()
        assert partnership.priorities.exists() and partnership.sdgs.exists(), partnership
        if partnership.status == "active":
            assert partnership.goals.exists(), f"{partnership} is active without goals"
    partnership_type = ContentType.objects.get_for_model(Partnership)
    for entry in JournalEntry.objects.filter(content_type=partnership_type):
        entry.full_clean()


def test_running_it_again_changes_nothing():
    call_command("seed_demo")
    before = counts()
    partnership = Partnership.objects.get(partner__name="Riga")
    partnership.themes = "Edited by a person"
    partnership.save()

    call_command("seed_demo")

    assert counts() == before | {"history": before["history"] + 1}
    assert Partnership.objects.get(pk=partnership.pk).themes == "Edited by a person"
