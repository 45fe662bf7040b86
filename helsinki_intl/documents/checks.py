"""Checks that the records' documents can only be reached through the portal's download view."""

from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def documents_are_not_served_directly(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    # Django reads an unset MEDIA_URL as the script prefix ("/").
    if settings.MEDIA_URL.strip("/"):
        errors.append(
            checks.Error(
                "MEDIA_URL is set: the records' documents must be served only through the download "
                "view, which asks whether the reader may read the record.",
                hint="Leave MEDIA_URL unset and serve nothing from MEDIA_ROOT.",
                id="documents.E001",
            )
        )
    media = Path(settings.MEDIA_ROOT).resolve()
    public = [settings.STATIC_ROOT, getattr(settings, "WHITENOISE_ROOT", None)]
    public += [entry[1] if isinstance(entry, tuple | list) else entry for entry in settings.STATICFILES_DIRS]
    for folder in filter(None, public):
        folder = Path(folder).resolve()
        if media == folder or media.is_relative_to(folder) or folder.is_relative_to(media):
            errors.append(
                checks.Error(
                    f"MEDIA_ROOT ({media}) and the static files' folder {folder} overlap: documents "
                    "would be served to anyone, or static files kept among them.",
                    hint="Give MEDIA_ROOT a folder of its own, outside the static files'.",
                    id="documents.E002",
                )
            )
    return errors
