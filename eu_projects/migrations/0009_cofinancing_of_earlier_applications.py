from django.db import migrations
from django.utils import timezone


def note_earlier_cofinancing(apps, schema_editor):
    """Each application that already asked for or was granted co-financing gets its decision and
    one co-financing step for it, marked as reached before the portal recorded decisions (with
    its decision number where one is stored), never an invented decision."""
    Application = apps.get_model("eu_projects", "Application")
    ApplicationStatusChange = apps.get_model("eu_projects", "ApplicationStatusChange")
    CoFinancingChange = apps.get_model("eu_projects", "CoFinancingChange")
    granted_on = dict(
        ApplicationStatusChange.objects.filter(status="granted")
        .order_by("application_id", "changed_on")
        .values_list("application_id", "changed_on")
    )
    changed, steps = [], []
    applications = Application.objects.exclude(cofinancing_requested=None, cofinancing_granted=None)
    for application in applications.iterator():
        granted = application.cofinancing_granted is not None
        application.cofinancing_decision = "granted" if granted else "requested"
        changed.append(application)
        steps.append(
            CoFinancingChange(
                application_id=application.pk,
                from_status="",
                status=application.cofinancing_decision,
                amount=application.cofinancing_granted if granted else application.cofinancing_requested,
                year=application.cofinancing_year,
                changed_on=(granted and granted_on.get(application.pk))
                or timezone.localtime(application.created_at).date(),
                changed_at=application.created_at,
                decision_reference=application.decision_reference if granted else "",
                predates_portal=True,
            )
        )
    Application.objects.bulk_update(changed, ["cofinancing_decision"], batch_size=500)
    CoFinancingChange.objects.bulk_create(steps, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("eu_projects", "0008_cofinancing_decisions")]

    operations = [migrations.RunPython(note_earlier_cofinancing, migrations.RunPython.noop)]
