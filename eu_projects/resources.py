"""Import and export of the EU funding register; related records are matched by natural keys."""

from import_export import fields, resources, widgets

from helsinki_intl.organisation.models import OrgUnit, User

from .models import Application, Call, CoFinancingAppropriation, Programme


def unit_field() -> fields.Field:
    return fields.Field(
        attribute="owner_unit",
        column_name="owner_unit",
        widget=widgets.ForeignKeyWidget(OrgUnit, field="code"),
    )


class ProgrammeResource(resources.ModelResource):
    class Meta:
        model = Programme
        import_id_fields = ["name"]
        fields = ["name", "short_name", "description", "website", "is_active"]
        skip_unchanged = True
        report_skipped = True


class CallResource(resources.ModelResource):
    programme = fields.Field(
        attribute="programme",
        column_name="programme",
        widget=widgets.ForeignKeyWidget(Programme, field="name"),
    )
    owner_unit = unit_field()

    class Meta:
        model = Call
        import_id_fields = ["identifier"]
        fields = [
            "identifier",
            "title",
            "programme",
            "opens_at",
            "deadline",
            "deadline_timezone",
            "link",
            "indicative_budget",
            "owner_unit",
        ]
        skip_unchanged = True
        report_skipped = True


class ApplicationResource(resources.ModelResource):
    call = fields.Field(
        attribute="call", column_name="call", widget=widgets.ForeignKeyWidget(Call, field="identifier")
    )
    owner_unit = unit_field()
    responsible_person = fields.Field(
        attribute="responsible_person",
        column_name="responsible_person",
        widget=widgets.ForeignKeyWidget(User, field="username"),
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "project_name",
            "acronym",
            "call",
            "role",
            "owner_unit",
            "responsible_person",
            "partner_organisations",
            "status",
            "total_budget",
            "city_budget",
            "eu_grant_requested",
            "eu_grant_granted",
            "cofinancing_requested",
            "cofinancing_granted",
            "cofinancing_year",
            "decision_reference",
        ]
        skip_unchanged = True
        report_skipped = True


class CoFinancingAppropriationResource(resources.ModelResource):
    class Meta:
        model = CoFinancingAppropriation
        import_id_fields = ["year"]
        fields = ["year", "amount", "decision_reference", "notes"]
        skip_unchanged = True
        report_skipped = True
