"""Where the documents are kept comes from the environment, and nothing serves them but the portal."""

import json
import subprocess
import sys

from django.core import checks

from tests.project.processes import PROJECT, production_env

SHOW_STORAGE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.STORAGES['documents'], settings.MEDIA_URL, "
    "settings.DOCUMENTS_MAX_UPLOAD_BYTES]))"
)


def configured(**environment: str) -> list:
    env = {**production_env(), "DJANGO_SETTINGS_MODULE": "helsinki_intl.settings", **environment}
    for name in [name for name in env if name.startswith("DOCUMENTS_") and name not in environment]:
        del env[name]
    result = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE], cwd=PROJECT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_by_default_the_documents_are_kept_on_the_file_system_and_not_served():
    storage, media_url, limit = configured(MEDIA_ROOT="/srv/portal/media")

    assert storage == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/portal/media", "base_url": None},
    }
    # Unset: Django reads it as the script prefix, and no URL serves it.
    assert (media_url, limit) == ("/", 20 * 1024 * 1024)


def test_a_bucket_keeps_them_in_s3_compatible_storage_private():
    storage, _media_url, limit = configured(
        DOCUMENTS_S3_BUCKET="documents",
        DOCUMENTS_S3_ENDPOINT_URL="https://s3.example.fi",
        DOCUMENTS_S3_REGION="eu-north-1",
        DOCUMENTS_MAX_UPLOAD_BYTES="1048576",
    )

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] | {"access_key": None, "secret_key": None} == {
        "bucket_name": "documents",
        "endpoint_url": "https://s3.example.fi",
        "region_name": "eu-north-1",
        "access_key": None,
        "secret_key": None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "object_parameters": {"ContentDisposition": "attachment"},
    }
    assert limit == 1024 * 1024


def security_errors() -> list[str]:
    return [message.id for message in checks.run_checks(tags=[checks.Tags.security])]


def test_the_checks_refuse_documents_served_directly(settings):
    assert not {"documents.E001", "documents.E002"} & set(security_errors())

    settings.MEDIA_URL = "/media/"
    assert "documents.E001" in security_errors()

    settings.MEDIA_URL = ""
    settings.MEDIA_ROOT = str(settings.STATIC_ROOT)
    assert "documents.E002" in security_errors()
