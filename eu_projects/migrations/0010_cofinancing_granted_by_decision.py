from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("eu_projects", "0009_cofinancing_of_earlier_applications")]

    operations = [
        migrations.AddConstraint(
            model_name="application",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("cofinancing_granted__isnull", True),
                    ("cofinancing_granted", 0),
                    ("cofinancing_decision", "granted"),
                    _connector="OR",
                ),
                name="eu_projects_application_cofinancing_granted_by_decision",
                violation_error_message="Co-financing is granted only by a decision to grant it.",
            ),
        ),
    ]
