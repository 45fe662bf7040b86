from django.db import migrations
from django.utils import timezone


def note_earlier_statuses(apps, schema_editor):
    """Each membership past its proposal gets one timeline entry for the status it holds, marked as
    reached before the portal recorded decisions (with its decision number where one is stored),
    never an invented decision."""
    Membership = apps.get_model("networks", "Membership")
    MembershipStatusChange = apps.get_model("networks", "MembershipStatusChange")
    entries = []
    for membership in Membership.objects.exclude(status="proposed").iterator():
        if membership.status == "ended":
            day = membership.end_date or membership.start_date
        else:
            day = membership.start_date
        entries.append(
            MembershipStatusChange(
                membership_id=membership.pk,
                from_status="",
                status=membership.status,
                changed_on=day or timezone.localtime(membership.created_at).date(),
                changed_at=membership.created_at,
                decision_reference=membership.decision_reference if membership.status != "declined" else "",
                predates_portal=True,
            )
        )
    MembershipStatusChange.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("networks", "0009_membership_process")]

    operations = [migrations.RunPython(note_earlier_statuses, migrations.RunPython.noop)]
