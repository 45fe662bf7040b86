from django.db import migrations
from django.utils import timezone

# A bid past "approved to bid" was approved: the portal let it be submitted only from there.
PAST_APPROVAL = ("submitted", "won", "lost", "held")
DECIDED = ("approved", "declined")


def note_earlier_statuses(apps, schema_editor):
    """Each bid past its idea gets a timeline entry for the status it holds, marked as reached
    before the portal recorded decisions; the decision stored on a bid (its date, number and text)
    goes into the entry of the decided status, approved or declined. Nothing else is invented: no
    deciding body, no person, no step between that the bid does not show.

    An entry's day is the decision date for the decided status, and otherwise the day the bid's
    history first shows the status (the day it was last saved when the history does not).
    """
    EventBid = apps.get_model("events", "EventBid")
    HistoricalEventBid = apps.get_model("events", "HistoricalEventBid")
    EventBidStatusChange = apps.get_model("events", "EventBidStatusChange")
    entries = []
    for bid in EventBid.objects.exclude(status="idea").iterator():
        reached = (
            HistoricalEventBid.objects.filter(id=bid.pk, status=bid.status)
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        reached_on = timezone.localtime(reached or bid.updated_at).date()
        decided_status = "approved" if bid.status in PAST_APPROVAL else bid.status
        if decided_status in DECIDED:
            entries.append(
                EventBidStatusChange(
                    bid_id=bid.pk,
                    from_status="",
                    status=decided_status,
                    changed_on=bid.decision_date or reached_on,
                    changed_at=bid.updated_at,
                    decision_date=bid.decision_date,
                    decision_reference=bid.minutes_reference,
                    note=bid.decision,
                    predates_portal=True,
                )
            )
        if bid.status not in DECIDED:
            entries.append(
                EventBidStatusChange(
                    bid_id=bid.pk,
                    from_status="",
                    status=bid.status,
                    changed_on=max(reached_on, bid.decision_date) if bid.decision_date else reached_on,
                    changed_at=bid.updated_at,
                    predates_portal=True,
                )
            )
    EventBidStatusChange.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("events", "0005_eventbid_process")]

    operations = [migrations.RunPython(note_earlier_statuses, migrations.RunPython.noop)]
