"""The documents in an S3-compatible bucket (django-storages), as production keeps them: attached,
downloaded and deleted through the portal against a local S3 server started on loopback."""

import socket

import boto3
import pytest
from django.urls import reverse

from helsinki_intl.documents.models import Document
from tests.factories import NetworkFactory

from . import files

moto_server = pytest.importorskip("moto.server")

BUCKET = "helsinki-intl-documents"
KEYS = {"access_key": "testing", "secret_key": "testing"}  # nosec B105 # the local server's


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-north-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "eu-north-1",
                "default_acl": "private",
                "file_overwrite": False,
                "object_parameters": {"ContentDisposition": "attachment"},
                **KEYS,
            },
        },
    }
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return [stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.mark.django_db
def test_a_document_is_kept_in_the_bucket_served_by_the_portal_and_deleted(
    bucket, culture_client, urban_client, culture_unit, django_capture_on_commit_callbacks
):
    network = NetworkFactory(owner_unit=culture_unit)

    culture_client.post(
        reverse("documents:add", args=["networks.network", network.pk]),
        {"file": files.upload("decision.pdf", files.PDF, content_type="text/html")},
    )

    document = Document.objects.get()
    assert keys(bucket) == [document.file.name]
    stored = bucket.head_object(Bucket=BUCKET, Key=document.file.name)
    # The type judged, not the one the browser declared; an attachment if ever reached directly.
    assert (stored["ContentType"], stored["ContentDisposition"]) == ("application/pdf", "attachment")
    download = urban_client.get(reverse("documents:download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == files.PDF

    with django_capture_on_commit_callbacks(execute=True):
        culture_client.post(reverse("documents:delete", args=[document.pk]))

    assert keys(bucket) == []


@pytest.mark.django_db
def test_a_refused_file_leaves_nothing_in_the_bucket(bucket, culture_client, culture_unit):
    network = NetworkFactory(owner_unit=culture_unit)

    culture_client.post(
        reverse("documents:add", args=["networks.network", network.pk]),
        {"file": files.upload("page.pdf", files.HTML)},
    )

    assert keys(bucket) == [] and not Document.objects.exists()
