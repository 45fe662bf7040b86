from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from helsinki_intl.records.imports.resources import importers
from helsinki_intl.records.imports.service import import_file
from helsinki_intl.records.imports.uploads import UploadError, max_upload_bytes


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file into a register, as the portal's import page does. With "
        "--dry-run each row is marked new, changed, unchanged or wrong and nothing is saved; "
        "without it the whole file is saved in one transaction, or nothing when any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", help=f"One of: {', '.join(importers.names())}.")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file; save nothing.")
        parser.add_argument(
            "--user", help="The user name the history entries are recorded for (default: none)."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the messages (default: %(default)s).",
        )

    def handle(self, *args, **options):
        resource, path = options["resource"], Path(options["file"])
        if resource not in importers.names():
            raise CommandError(f"Unknown resource {resource!r}: use one of {', '.join(importers.names())}.")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"There is no user {options['user']!r}.") from None
        try:
            with path.open("rb") as file:
                data = file.read(max_upload_bytes() + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        with translation.override(options["language"]):
            try:
                report = import_file(
                    resource=resource, data=data, file_name=path.name, user=user, dry_run=options["dry_run"]
                )
            except UploadError as error:
                raise CommandError(str(error)) from None
            if report.ignored_columns:
                self.stderr.write(f"Columns not imported, left out: {', '.join(report.ignored_columns)}.")
            for row in report.rows:
                self.stdout.write(f"{row.number}\t{row.status}\t{row.record}")
                for error in row.errors:
                    self.stdout.write(
                        f"\t{error.column}: {error.message}" if error.column else f"\t{error.message}"
                    )
        counts = ", ".join(f"{status} {count}" for status, count in report.counts.items())
        if report.has_errors:
            raise CommandError(f"Nothing was saved: some rows are wrong ({counts}).")
        self.stderr.write(f"{'Dry run, nothing saved' if report.dry_run else 'Saved'}: {counts}.")
