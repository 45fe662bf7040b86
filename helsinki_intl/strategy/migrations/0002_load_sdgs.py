"""The 17 Sustainable Development Goals are universal reference data: every city has them."""

from django.db import migrations


def load_sdgs(apps, schema_editor):
    from helsinki_intl.strategy.sdgs import SDGS

    SDG = apps.get_model("strategy", "SDG")
    for number, name_fi, name_sv, name_en, colour in SDGS:
        SDG.objects.update_or_create(
            number=number,
            defaults={"name_fi": name_fi, "name_sv": name_sv, "name_en": name_en, "colour": colour},
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load_sdgs, migrations.RunPython.noop)]
