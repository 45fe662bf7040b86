"""Attaching, downloading and deleting a record's documents: who may, what is stored, what the
history and the record's followers are told."""

import pytest
from django.urls import reverse

from helsinki_intl.documents.models import Document
from helsinki_intl.notifications.describe import what_happened
from helsinki_intl.outbox.models import DomainEvent
from helsinki_intl.records.history import change_history
from tests.factories import NetworkFactory

from . import files


@pytest.fixture
def network(culture_unit):
    return NetworkFactory(owner_unit=culture_unit, name="Eurocities")


def add_url(record) -> str:
    return reverse("documents:add", args=[record._meta.label_lower, record.pk])


def attach(client, record, name: str, data: bytes):
    return client.post(add_url(record), {"file": files.upload(name, data)})


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_the_owner_unit_attaches_a_document_kept_under_a_name_of_the_portal_s(
    culture_client, culture_user, network, _documents_root
):
    before = set(stored_files(_documents_root))

    response = attach(culture_client, network, "Päätös HEL 2019-012572.pdf", files.PDF)

    assert response.status_code == 302
    assert response["Location"] == f"{network.get_absolute_url()}#documents-heading"
    document = Document.objects.get()
    assert (document.record, document.name, document.media_type, document.size) == (
        network,
        "Päätös HEL 2019-012572.pdf",
        "application/pdf",
        len(files.PDF),
    )
    assert document.uploaded_by == culture_user
    [stored] = set(stored_files(_documents_root)) - before
    assert stored.read_bytes() == files.PDF
    assert "Päätös" not in str(stored) and not stored.name.endswith(".pdf")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("minutes.pdf", files.PNG, "but its content is of another kind: PNG image"),
        ("page.html", files.HTML, "web page markup or a script"),
        ("agreement.docx", files.zip_bomb(), "unpacks to far more data"),
    ],
)
def test_a_hostile_upload_is_refused_at_the_field_and_nothing_is_stored(
    culture_client, network, name, data, message, _documents_root
):
    before = set(stored_files(_documents_root))

    response = attach(culture_client, network, name, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Document.objects.exists() and not DomainEvent.objects.exists()
    assert set(stored_files(_documents_root)) == before


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_with_the_limit(culture_client, network, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1024

    response = attach(culture_client, network, "report.pdf", files.PDF + b" " * 2048)

    assert (
        "The file is too large: at most 1.0\xa0KB can be attached." in response.context["form"].errors["file"]
    )
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_another_unit_may_neither_attach_nor_delete_but_reads(urban_client, culture_client, network):
    assert attach(urban_client, network, "minutes.pdf", files.PDF).status_code == 403
    attach(culture_client, network, "minutes.pdf", files.PDF)
    document = Document.objects.get()

    assert urban_client.post(reverse("documents:delete", args=[document.pk])).status_code == 403
    assert urban_client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.django_db
def test_the_download_is_an_attachment_of_the_judged_type_never_a_page(urban_client, culture_client, network):
    attach(culture_client, network, 'notes "draft"; x.txt', files.TEXT)
    document = Document.objects.get()

    response = urban_client.get(reverse("documents:download", args=[document.pk]))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert '"draft"' not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == files.TEXT


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client, culture_client, network):
    attach(culture_client, network, "minutes.pdf", files.PDF)
    document = Document.objects.get()

    response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_deleting_is_the_owner_unit_s_and_the_history_and_followers_are_told(
    culture_client, strategy_client, network, _documents_root, django_capture_on_commit_callbacks
):
    attach(culture_client, network, "minutes.pdf", files.PDF)
    document = Document.objects.get()
    stored = _documents_root / document.file.name

    confirm = strategy_client.get(reverse("documents:delete", args=[document.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = strategy_client.post(reverse("documents:delete", args=[document.pk]))

    assert confirm.status_code == 200 and response.status_code == 302
    assert not Document.objects.exists() and not stored.exists()
    history = change_history(network)
    assert [(entry.action, entry.subject) for entry in history if entry.subject] == [
        ("deleted", "Document: minutes.pdf"),
        ("created", "Document: minutes.pdf"),
    ]
    assert history[0].who.username == "strategy"
    events = DomainEvent.objects.about(network)
    assert [event.kind for event in events] == ["network.document_added", "network.document_deleted"]
    assert what_happened(events[1]).endswith("deleted the document minutes.pdf.")


@pytest.mark.django_db
def test_a_record_s_documents_go_with_it(
    culture_client, network, _documents_root, django_capture_on_commit_callbacks
):
    attach(culture_client, network, "minutes.pdf", files.PDF)
    stored = _documents_root / Document.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        culture_client.post(reverse("networks:network-delete", args=[network.pk]))

    assert not Document.objects.exists() and not stored.exists()


@pytest.mark.django_db
def test_a_type_that_is_no_unit_owned_record_has_no_documents(strategy_client, strategy_user):
    response = strategy_client.get(reverse("documents:add", args=["organisation.user", strategy_user.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_record_page_lists_its_documents_in_constant_queries(
    culture_client, network, django_assert_max_num_queries
):
    attach(culture_client, network, "one.pdf", files.PDF)
    url = network.get_absolute_url()
    culture_client.get(url)
    with django_assert_max_num_queries(100) as captured:
        culture_client.get(url)
    few = len(captured.captured_queries)
    for number in range(5):
        attach(culture_client, network, f"more-{number}.png", files.PNG)

    with django_assert_max_num_queries(few):
        response = culture_client.get(url)

    html = response.content.decode()
    for document in Document.objects.all():
        assert html.count(f'href="{reverse("documents:download", args=[document.pk])}"') == 1
    assert "more-4.png" in html and add_url(network) in html


@pytest.mark.django_db
def test_the_form_to_attach_shows_only_to_those_who_may(urban_client, network):
    html = urban_client.get(network.get_absolute_url()).content.decode()

    assert add_url(network) not in html and "No documents attached yet." in html
