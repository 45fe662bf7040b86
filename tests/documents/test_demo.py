import pytest
from django.core.management import call_command

from helsinki_intl.documents.content import judge
from helsinki_intl.documents.models import Document
from helsinki_intl.records.attached import attachable_models

pytestmark = pytest.mark.django_db


def test_the_demo_attaches_a_decision_and_minutes_to_a_record_of_every_kind_once():
    call_command("seed_demo")
    call_command("seed_demo")

    kinds = {
        (document.content_type.model_class(), document.media_type) for document in Document.objects.all()
    }
    assert kinds == {
        (model, media_type)
        for model in attachable_models().values()
        for media_type in ("application/pdf", "text/plain")
    }
    for document in Document.objects.all():
        with document.file.open("rb") as stored:
            assert judge(stored, document.name).media_type == document.media_type
