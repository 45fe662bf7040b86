"""Import and export of the network register; related records are matched by natural keys."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.records.export.columns import (
    ListExportResource,
    date,
    label,
    list_exports,
    money,
    names,
    number,
    person,
    text,
)

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


@list_exports.register("networks")
class NetworkListExport(ListExportResource):
    """The network list's columns, with the strategy periods a network is a priority in."""

    name = text("name", label(Network, "name"))
    acronym = text("acronym", label(Network, "acronym"))
    kind = text("get_kind_display", label(Network, "kind"))
    scope = text("get_scope_display", label(Network, "scope"))
    designations = fields.Field(column_name=_("Priority in"))
    themes = text("themes", label(Network, "themes"))
    website = text("website", label(Network, "website"))
    owner_unit = text("owner_unit__name", label(Network, "owner_unit"))

    select_related = ("owner_unit",)
    prefetch_related = ("designations__period",)

    class Meta:
        model = Network

    def dehydrate_designations(self, network: Network) -> str:
        return "; ".join(
            f"{designation.period} ({_('target to join')})"
            if designation.is_target
            else str(designation.period)
            for designation in network.designations.all()
        )


@list_exports.register("memberships")
class MembershipListExport(ListExportResource):
    network = text("network__name", label(Membership, "network"))
    owner_unit = text("owner_unit__name", label(Membership, "owner_unit"))
    responsible_person = person("responsible_person", label(Membership, "responsible_person"))
    status = text("get_status_display", label(Membership, "status"))
    start_date = date("start_date", label(Membership, "start_date"))
    end_date = date("end_date", label(Membership, "end_date"))
    annual_fee = money("annual_fee", label(Membership, "annual_fee"))
    decision_reference = text("decision_reference", label(Membership, "decision_reference"))
    participating_units = names("participating_units", label(Membership, "participating_units"))
    priorities = names("priorities", label(Membership, "priorities"))
    sdgs = names("sdgs", label(Membership, "sdgs"))
    review_interval_months = number("review_interval_months", label(Membership, "review_interval_months"))
    next_review_due = date("next_review_due", label(Membership, "next_review_due"))

    personal_data_fields = ("responsible_person",)
    select_related = ("network", "owner_unit", "responsible_person")
    prefetch_related = ("participating_units", "priorities", "sdgs")

    class Meta:
        model = Membership
