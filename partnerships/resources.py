"""Import and export of the partnership register; related records are matched by natural keys."""

from import_export import fields, resources, widgets

from helsinki_intl.organisation.models import OrgUnit, User

from .models import Contact, Partner, Partnership


def _owner_unit_field() -> fields.Field:
    return fields.Field(
        attribute="owner_unit",
        column_name="owner_unit",
        widget=widgets.ForeignKeyWidget(OrgUnit, field="code"),
    )


class PartnerResource(resources.ModelResource):
    owner_unit = _owner_unit_field()

    class Meta:
        model = Partner
        import_id_fields = ["name"]
        fields = ["name", "kind", "country", "region", "website", "owner_unit"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class PartnershipResource(resources.ModelResource):
    partner = fields.Field(
        attribute="partner", column_name="partner", widget=widgets.ForeignKeyWidget(Partner, field="name")
    )
    owner_unit = _owner_unit_field()
    responsible_person = fields.Field(
        attribute="responsible_person",
        column_name="responsible_person",
        widget=widgets.ForeignKeyWidget(User, field="username"),
    )

    class Meta:
        model = Partnership
        fields = [
            "id",
            "partner",
            "owner_unit",
            "responsible_person",
            "type",
            "information_exchange",
            "project_cooperation",
            "joint_advocacy",
            "themes",
            "status",
            "start_date",
            "end_date",
            "review_interval_months",
            "next_review_due",
            "description",
        ]
        # The model's rules apply to imported rows too: no new twin-city relationship, for one.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class ContactResource(resources.ModelResource):
    class Meta:
        model = Contact
        fields = ["id", "partnership", "date", "kind", "participants", "summary", "follow_up"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
