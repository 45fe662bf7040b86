from django.core.management.base import BaseCommand

from helsinki_intl.records.process_table import processes_markdown


class Command(BaseCommand):
    help = "Prints the registers' processes (steps, who takes them, what they need) as Markdown tables."

    def handle(self, *args, **options):
        self.stdout.write(processes_markdown(), ending="")
