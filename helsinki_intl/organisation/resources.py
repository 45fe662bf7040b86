from import_export import fields, resources, widgets

from .models import OrgUnit, User


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


class UserResource(resources.ModelResource):
    """Staff without passwords: accounts imported here sign in once a password or SSO is set."""

    units = fields.Field(
        attribute="units", column_name="units", widget=widgets.ManyToManyWidget(OrgUnit, field="code")
    )

    class Meta:
        model = User
        import_id_fields = ["username"]
        fields = ["username", "first_name", "last_name", "email", "language", "units", "is_active"]
        skip_unchanged = True
        report_skipped = True
