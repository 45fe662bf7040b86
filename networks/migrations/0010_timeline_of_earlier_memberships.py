from django.db import migrations
from django.utils import timezone


def note_earlier_statuses(apps, schema_editor):
    """Each membership past its proposal gets a timeline entry for the status it holds, marked as
    reached before the portal recorded decisions (with its decision number where one is stored),
    never an invented decision. One that is ending or ended and has a start date was active
    from that date: that is noted too, so that it counts as joined then."""
    Membership = apps.get_model("networks", "Membership")
    MembershipStatusChange = apps.get_model("networks", "MembershipStatusChange")
    entries = []
    for membership in Membership.objects.exclude(status="proposed").iterator():
        if membership.status in ("ending", "ended") and membership.start_date:
            entries.append(
                MembershipStatusChange(
                    membership_id=membership.pk,
                    from_status="",
                    status="active",
                    changed_on=membership.start_date,
                    changed_at=membership.created_at,
                    decision_reference=membership.decision_reference,
                    predates_portal=True,
                )
            )
        day = {
            "active": membership.start_date,
            "ended": membership.end_date or membership.start_date,
            "ending": timezone.localtime(membership.updated_at).date(),
        }.get(membership.status)
        entries.append(
            MembershipStatusChange(
                membership_id=membership.pk,
                from_status="active"
                if membership.status in ("ending", "ended") and membership.start_date
                else "",
                status=membership.status,
                changed_on=day or timezone.localtime(membership.created_at).date(),
                changed_at=membership.created_at,
                decision_reference=membership.decision_reference if membership.status == "active" else "",
                predates_portal=True,
            )
        )
    MembershipStatusChange.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("networks", "0009_membership_process")]

    operations = [migrations.RunPython(note_earlier_statuses, migrations.RunPython.noop)]
