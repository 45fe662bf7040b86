from import_export import fields, resources, widgets

from helsinki_intl.records.export.columns import ListExportResource, label, list_exports, text, yes_no

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


@list_exports.register("units")
class OrgUnitListExport(ListExportResource):
    """The organisation units, for the command line (the portal has no list of them)."""

    code = text("code", label(OrgUnit, "code"))
    abbreviation = text("abbreviation", label(OrgUnit, "abbreviation"))
    name_fi = text("name_fi", label(OrgUnit, "name_fi"))
    name_sv = text("name_sv", label(OrgUnit, "name_sv"))
    name_en = text("name_en", label(OrgUnit, "name_en"))
    kind = text("get_kind_display", label(OrgUnit, "kind"))
    parent = text("parent__name", label(OrgUnit, "parent"))
    contact_email = text("contact_email", label(OrgUnit, "contact_email"))
    is_active = yes_no("is_active", label(OrgUnit, "is_active"))

    # A unit's contact address may be a person's own.
    personal_data_fields = ("contact_email",)
    select_related = ("parent",)

    class Meta:
        model = OrgUnit
