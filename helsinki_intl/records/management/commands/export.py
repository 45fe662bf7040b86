import getpass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from helsinki_intl.records.export.columns import list_exports
from helsinki_intl.records.export.responses import log_export, sheet_title
from helsinki_intl.records.export.sql import export_rows
from helsinki_intl.records.export.writers import FORMATS, csv_stream, write_xlsx


def operator() -> str:
    try:
        return f"{getpass.getuser()} (manage.py export)"
    except (KeyError, OSError):
        return "manage.py export"


class Command(BaseCommand):
    help = (
        "Export a whole list as the portal's list pages do, unfiltered and with every column, "
        "the responsible persons included. CSV goes to standard output or --output; an Excel "
        "file needs --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("format", help=f"One of: {', '.join(FORMATS)}.")
        parser.add_argument("list", help=f"One of: {', '.join(list_exports.names())}.")
        parser.add_argument("--output", "-o", help="The file to write.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the headers and values (default: %(default)s).",
        )

    def handle(self, *args, **options):
        file_format, name, output = options["format"], options["list"], options["output"]
        if file_format not in FORMATS:
            raise CommandError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}.")
        try:
            export = list_exports.export(name, personal_data=True)
        except LookupError:
            raise CommandError(
                f"Unknown list {name!r}: use one of {', '.join(list_exports.names())}."
            ) from None
        if file_format == "xlsx" and not output:
            raise CommandError("An Excel file cannot go to standard output: name it with --output FILE.")
        with translation.override(options["language"]):
            rows = self.write(export, file_format, output)
        log_export(export, file_format=file_format, who=operator(), filters="", rows=rows, complete=True)
        if output:
            self.stderr.write(f"{rows} rows written to {output}.")

    def write(self, export, file_format: str, output: str | None) -> int:
        if file_format == "xlsx":
            with open(output, "wb") as file:
                return write_xlsx(file, export.headers(), export_rows(export), title=sheet_title(export))
        rows = 0

        def counted():
            nonlocal rows
            for row in export.rows():
                rows += 1
                yield row

        chunks = csv_stream(export.headers(), counted())
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
        return rows
