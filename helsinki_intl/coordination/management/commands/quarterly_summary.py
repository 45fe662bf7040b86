from django.core.management.base import BaseCommand, CommandError

from helsinki_intl.coordination.summary import Period, build_summary
from helsinki_intl.coordination.summary_files import file_stem, write_csv_zip, write_xlsx

WRITERS = {"xlsx": (write_xlsx, "xlsx"), "csv": (write_csv_zip, "zip")}


class Command(BaseCommand):
    help = (
        "Write the Strategy Department's summary of a quarter: an XLSX workbook, or with "
        "--format csv a zip with one CSV a sheet."
    )

    def add_arguments(self, parser):
        parser.add_argument("quarter", help="The quarter, e.g. 2025Q3.")
        parser.add_argument("--format", choices=sorted(WRITERS), default="xlsx")
        parser.add_argument("--output", help="The file to write; named after the quarter by default.")

    def handle(self, *args, **options):
        try:
            period = Period.parse_quarter(options["quarter"])
        except ValueError:
            raise CommandError(
                f"Not a quarter: {options['quarter']!r}. Write the year and the quarter, e.g. 2025Q3."
            ) from None
        write, extension = WRITERS[options["format"]]
        summary = build_summary(period)
        path = options["output"] or f"{file_stem(summary)}.{extension}"
        with open(path, "wb") as output:
            write(summary, output)
        self.stdout.write(f"{period}: summary written to {path}")
