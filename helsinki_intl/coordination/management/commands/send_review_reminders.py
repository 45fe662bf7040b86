import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from helsinki_intl.coordination.delivery import new_reminders, record_due_reminders, send_ready_reminders
from helsinki_intl.coordination.models import Reminder


def a_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Record the reminders due on a day and send every reminder that is ready, as the daily "
        "Celery task does. Safe to run again: a reminder is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=str, help="The day to sweep for (YYYY-MM-DD); today by default.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be recorded and sent; change nothing."
        )

    def handle(self, *args, **options):
        today = a_date(options["date"]) if options["date"] else timezone.localdate()
        if options["dry_run"]:
            self.dry_run(today)
            return
        recorded = record_due_reminders(today)
        report = send_ready_reminders(today=today)
        self.stdout.write(
            f"{today}: {recorded} new reminders recorded; {len(report.sent)} sent, "
            f"{len(report.failed)} failed (tried again later), {len(report.cancelled)} no longer due."
        )
        if report.failed:
            self.stderr.write(
                self.style.WARNING(f"{len(report.failed)} reminders could not be sent; see the log.")
            )

    def dry_run(self, today: datetime.date) -> None:
        new = new_reminders(today)
        waiting = Reminder.objects.ready_to_send().count()
        self.stdout.write(f"{today}: {len(new)} new reminders would be recorded and sent:")
        for due in new:
            self.stdout.write(f"  {due.kind:17} {due.due_date}  {due.recipient.email:40} {due.record}")
        self.stdout.write(f"{waiting} reminders recorded earlier are waiting to be sent.")
        self.stdout.write("Dry run: nothing recorded or sent.")
