"""Import and export of the partnership register; related records are matched by natural keys."""

from django.db.models import Case, Func, TextField, Value, When
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from helsinki_intl.organisation.import_widgets import UnitWidget
from helsinki_intl.records.export.columns import (
    ListExportResource,
    list_exports,
)
from helsinki_intl.records.imports.resources import ImportResource, column, importers
from helsinki_intl.records.imports.widgets import (
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    NamedForeignKeyWidget,
    PersonWidget,
    YesNoWidget,
)
from helsinki_intl.strategy.import_widgets import PrioritiesWidget, SDGsWidget

from .choices import Cooperation, PartnerKind, PartnershipStatus, PartnershipType, Region
from .forms import PartnerForm
from .models import Partner, Partnership
from .tables import PARTNERS, PARTNERSHIPS


@importers.register("partners")
class PartnerResource(ImportResource):
    """Partners, matched by name; the owner unit by its code or name."""

    name = column(Partner, "name")
    kind = column(Partner, "kind", ChoiceWidget(PartnerKind.choices))
    country = column(Partner, "country", CountryWidget())
    region = column(Partner, "region", ChoiceWidget(Region.choices))
    website = column(Partner, "website")
    owner_unit = column(Partner, "owner_unit", UnitWidget())

    natural_key = ("name",)
    examples = {"name": "Göteborg"}
    required_columns = ("name", "kind", "owner_unit")
    # Partner.clean() names the missing country or region of a city.
    constraints_checked_by_import = ("partnerships_partner_city_has_country_and_region",)

    class Meta(ImportResource.Meta):
        model = Partner
        import_id_fields = ["name"]
        fields = PartnerForm.Meta.fields  # the columns are the form's fields


@importers.register("partnerships")
class PartnershipResource(ImportResource):
    """Partnerships, matched by partner name and owner unit; priorities and goals as lists."""

    partner = column(
        Partnership,
        "partner",
        NamedForeignKeyWidget(Partner, "name", _("There is no partner “%(value)s”.")),
    )
    owner_unit = column(Partnership, "owner_unit", UnitWidget())
    responsible_person = column(Partnership, "responsible_person", PersonWidget())
    type = column(Partnership, "type", ChoiceWidget(PartnershipType.choices))
    information_exchange = column(Partnership, "information_exchange", YesNoWidget())
    project_cooperation = column(Partnership, "project_cooperation", YesNoWidget())
    joint_advocacy = column(Partnership, "joint_advocacy", YesNoWidget())
    themes = column(Partnership, "themes")
    status = column(Partnership, "status", ChoiceWidget(PartnershipStatus.choices))
    start_date = column(Partnership, "start_date", DateWidget())
    end_date = column(Partnership, "end_date", DateWidget())
    description = column(Partnership, "description")
    priorities = column(Partnership, "priorities", PrioritiesWidget())
    sdgs = column(Partnership, "sdgs", SDGsWidget())
    review_interval_months = column(Partnership, "review_interval_months", widgets.IntegerWidget())
    next_review_due = column(Partnership, "next_review_due", DateWidget())

    natural_key = ("partner", "owner_unit")
    examples = {"themes": _("Education; culture")}
    required_columns = ("partner", "owner_unit", "responsible_person", "type", "status")

    class Meta(ImportResource.Meta):
        model = Partnership
        import_id_fields = ["partner", "owner_unit"]
        fields = [
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
            "description",
            "priorities",
            "sdgs",
            "review_interval_months",
            "next_review_due",
        ]


@list_exports.register("partners")
class PartnerListExport(ListExportResource):
    table = PARTNERS
    select_related = ("owner_unit",)

    class Meta:
        model = Partner


@list_exports.register("partnerships")
class PartnershipListExport(ListExportResource):
    table = PARTNERSHIPS
    personal_data_fields = ("responsible_person",)
    select_related = ("partner", "owner_unit", "responsible_person")
    prefetch_related = ("priorities", "sdgs")

    class Meta:
        model = Partnership

    def sql_cell(self, field_name: str):
        if field_name != "cooperation":
            return None
        # As `Partnership.get_cooperation_display()`: the forms it has, in their order.
        labels = [
            Case(When(**{form.value: True}, then=Value(str(form.label))), output_field=TextField())
            for form in Cooperation
        ]
        return Func(Value(", "), *labels, function="concat_ws", output_field=TextField())
