"""Import and export of the event bids; related records are matched by natural keys."""

from django.contrib.auth import get_user_model
from import_export import fields, resources, widgets

from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.strategy.models import SDG

from .models import EventBid


class EventBidResource(resources.ModelResource):
    owner_unit = fields.Field(
        attribute="owner_unit",
        column_name="host_unit",
        widget=widgets.ForeignKeyWidget(OrgUnit, field="code"),
    )
    responsible_person = fields.Field(
        attribute="responsible_person",
        column_name="responsible_person",
        widget=widgets.ForeignKeyWidget(get_user_model(), field="username"),
    )
    sdgs = fields.Field(
        attribute="sdgs", column_name="sdgs", widget=widgets.ManyToManyWidget(SDG, field="number")
    )

    class Meta:
        model = EventBid
        fields = [
            "id",
            "name",
            "kind",
            "owner_unit",
            "responsible_person",
            "status",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "country",
            "expected_delegates",
            "daily_spend_estimate",
            "estimated_cost",
            "city_resources",
            "expected_impact",
            "local_partner",
            "host_conference",
            "sdgs",
            "decision_date",
            "decision",
            "minutes_reference",
        ]
        skip_unchanged = True
        report_skipped = True
        # An imported bid obeys the same rules as one entered in the portal.
        clean_model_instances = True
