"""Import and export of the network register; related records are matched by natural keys."""

from import_export import fields, resources, widgets

from helsinki_intl.organisation.models import OrgUnit

from .models import Membership, Network


class NetworkResource(resources.ModelResource):
    owner_unit = fields.Field(
        attribute="owner_unit",
        column_name="owner_unit",
        widget=widgets.ForeignKeyWidget(OrgUnit, field="code"),
    )

    class Meta:
        model = Network
        import_id_fields = ["name"]
        fields = ["name", "acronym", "kind", "scope", "website", "themes", "description", "owner_unit"]
        skip_unchanged = True
        report_skipped = True


class MembershipResource(resources.ModelResource):
    network = fields.Field(
        attribute="network", column_name="network", widget=widgets.ForeignKeyWidget(Network, field="name")
    )
    owner_unit = fields.Field(
        attribute="owner_unit",
        column_name="owner_unit",
        widget=widgets.ForeignKeyWidget(OrgUnit, field="code"),
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "network",
            "owner_unit",
            "status",
            "start_date",
            "end_date",
            "annual_fee",
            "decision_reference",
            "benefits",
            "review_interval_months",
            "next_review_due",
        ]
        skip_unchanged = True
        report_skipped = True
