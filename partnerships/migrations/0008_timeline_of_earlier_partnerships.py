from django.db import migrations
from django.utils import timezone


def note_earlier_statuses(apps, schema_editor):
    """Each partnership past "explored" gets one timeline entry for the status it holds, marked as
    reached before the portal kept timelines: dated by its start (active) or end (ended) where
    stored, otherwise by the day its history first shows the status. Nothing else is invented."""
    Partnership = apps.get_model("partnerships", "Partnership")
    HistoricalPartnership = apps.get_model("partnerships", "HistoricalPartnership")
    PartnershipStatusChange = apps.get_model("partnerships", "PartnershipStatusChange")
    entries = []
    for partnership in Partnership.objects.exclude(status="explored").iterator():
        stored = {"active": partnership.start_date, "ended": partnership.end_date}.get(partnership.status)
        if stored is None:
            reached = (
                HistoricalPartnership.objects.filter(id=partnership.pk, status=partnership.status)
                .order_by("history_date")
                .values_list("history_date", flat=True)
                .first()
            )
            stored = timezone.localtime(reached or partnership.updated_at).date()
        entries.append(
            PartnershipStatusChange(
                partnership_id=partnership.pk,
                from_status="",
                status=partnership.status,
                changed_on=stored,
                changed_at=partnership.updated_at,
                predates_portal=True,
            )
        )
    PartnershipStatusChange.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0007_partnership_status_timeline")]

    operations = [migrations.RunPython(note_earlier_statuses, migrations.RunPython.noop)]
