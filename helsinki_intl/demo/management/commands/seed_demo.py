from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from helsinki_intl.documents import demo as documents_demo
from helsinki_intl.notifications import demo as notifications_demo
from helsinki_intl.organisation import demo as organisation_demo
from helsinki_intl.records.registers import registers
from helsinki_intl.saved_views import demo as saved_views_demo
from helsinki_intl.strategy import demo as strategy_demo


def loaders() -> list:
    """The organisation and the strategy first, which the registers' records refer to; then the
    records' documents, the notifications, of changes to the registers' records, and the demo
    accounts' saved views."""
    return [
        organisation_demo.load,
        strategy_demo.load,
        *(register.demo for register in registers if register.demo is not None),
        documents_demo.load,
        notifications_demo.load,
        saved_views_demo.load,
    ]


class Command(BaseCommand):
    help = (
        "Loads the demo organisation, strategy data and registers. Safe to run again: "
        "what is already there is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Also let the demo accounts sign in with the password 'demo' (only when DEBUG is on).",
        )

    def handle(self, *args, accounts: bool, **options):
        if accounts and not settings.DEBUG:
            raise CommandError("Demo accounts are only created in demo mode (DJANGO_DEBUG=1).")
        with transaction.atomic():
            for load in loaders():
                load()
            enabled = organisation_demo.enable_demo_accounts() if accounts else []
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        if enabled:
            self.stdout.write(
                f"Demo accounts (password '{organisation_demo.DEMO_PASSWORD}'): {', '.join(enabled)}"
            )
