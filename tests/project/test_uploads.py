"""A file larger than any form accepts is counted, never stored: the handlers that keep uploads in
memory or on disk receive none of it, and the form refuses it at its field with its limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.urls import reverse

from helsinki_intl.documents.models import Document
from helsinki_intl.uploads import FORM_BYTES
from partnerships.models import Partner
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

LIMIT = 4096


@pytest.fixture
def stored(monkeypatch):
    """The bytes each handler that keeps uploads was given."""
    given = {"memory": 0, "disk": 0}
    for name, handler in (("memory", MemoryFileUploadHandler), ("disk", TemporaryFileUploadHandler)):
        receive = handler.receive_data_chunk

        def counting(self, raw_data, start, receive=receive, name=name):
            given[name] += len(raw_data)
            return receive(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return given


@pytest.fixture
def limits(settings):
    settings.FILE_UPLOAD_MAX_BYTES = LIMIT
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = LIMIT
    settings.IMPORT_MAX_UPLOAD_BYTES = LIMIT


def attach(client, unit, size: int):
    network = NetworkFactory(owner_unit=unit)
    data = b"%PDF-1.4\n" + b" " * (size - 9)
    return client.post(
        reverse("documents:add", args=[network._meta.label_lower, network.pk]),
        {"file": SimpleUploadedFile("decision.pdf", data)},
    )


@pytest.mark.parametrize(
    "size",
    [LIMIT + 1, LIMIT + FORM_BYTES + 1],
    ids=["a little over: refused as it arrives", "far over: refused from the request's length"],
)
def test_a_document_over_the_limit_is_refused_at_its_field_and_never_stored(
    culture_client, culture_unit, limits, stored, size
):
    response = attach(culture_client, culture_unit, size)

    assert response.context["form"].errors["file"] == [
        "The file is too large: at most 4.0\xa0KB can be attached."
    ]
    assert stored == {"memory": 0, "disk": 0}
    assert not Document.objects.exists()


def test_a_document_within_the_limit_is_kept(culture_client, culture_unit, limits, stored):
    response = attach(culture_client, culture_unit, LIMIT)

    assert response.status_code == 302
    assert stored["memory"] == LIMIT
    assert Document.objects.get().size == LIMIT


def test_an_import_over_the_limit_is_refused_at_its_field(strategy_client, limits, stored):
    upload = SimpleUploadedFile("memberships.csv", b"x" * (LIMIT + FORM_BYTES + 1))

    response = strategy_client.post(reverse("imports"), {"resource": "memberships", "file": upload})

    assert response.context["form"].errors == {
        "file": ["The file is too large: at most 4.0\xa0KB can be imported."]
    }
    assert stored == {"memory": 0, "disk": 0}


def test_the_admin_s_import_over_the_limit_is_refused_at_its_field(strategy_client, limits, stored):
    upload = SimpleUploadedFile("partners.csv", b"x" * (LIMIT + 1))

    response = strategy_client.post(
        reverse("admin:partnerships_partner_import"), {"resource": "0", "format": "0", "import_file": upload}
    )

    assert response.context["form"].errors == {
        "import_file": ["The file is too large: at most 4.0\xa0KB can be imported."]
    }
    assert stored == {"memory": 0, "disk": 0}
    assert not Partner.objects.exists()
