from import_export import fields, resources, widgets

from .models import OrgUnit


class OrgUnitResource(resources.ModelResource):
    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=widgets.ForeignKeyWidget(OrgUnit, field="code"),
    )

    class Meta:
        model = OrgUnit
        import_id_fields = ["code"]
        fields = [
            "code",
            "abbreviation",
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "parent",
            "contact_email",
            "is_active",
        ]
        skip_unchanged = True
        report_skipped = True
