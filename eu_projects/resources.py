"""Import and export of the EU funding register; related records are matched by natural keys."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from helsinki_intl.organisation.import_widgets import UnitWidget
from helsinki_intl.records.export.columns import (
    ListExportResource,
    list_exports,
)
from helsinki_intl.records.imports.resources import ImportResource, column, importers
from helsinki_intl.records.imports.widgets import (
    ChoiceWidget,
    DateTimeWidget,
    DecimalWidget,
    NamedForeignKeyWidget,
    PersonWidget,
    YesNoWidget,
)
from helsinki_intl.strategy.import_widgets import PrioritiesWidget, SDGsWidget

from .appropriation_ledger import AppropriationLedger
from .choices import ApplicationRole, ApplicationStatus
from .forms import (
    APPLICATION_BUDGET,
    APPLICATION_DESCRIPTION,
    CallForm,
    CoFinancingAppropriationForm,
    ProgrammeForm,
)
from .models import Application, Call, CoFinancingAppropriation, Programme
from .tables import APPLICATIONS, APPROPRIATIONS, CALLS, PROGRAMMES


class MomentInZone(fields.Field):
    """A call's moment written as the call gives it: the wall time in the call's own time zone."""

    def get_value(self, instance):
        moment = super().get_value(instance)
        if moment is None or moment.tzinfo is None:
            return moment
        return instance.in_zone(moment)


@importers.register("programmes")
class ProgrammeResource(ImportResource):
    """EU programmes, matched by name."""

    name = column(Programme, "name")
    short_name = column(Programme, "short_name")
    description = column(Programme, "description")
    website = column(Programme, "website")
    is_active = column(Programme, "is_active", YesNoWidget())

    natural_key = ("name",)
    required_columns = ("name",)
    examples = {"name": "Horizon Europe", "short_name": "HE"}

    class Meta(ImportResource.Meta):
        model = Programme
        import_id_fields = ["name"]
        fields = ProgrammeForm.Meta.fields  # the columns are the form's fields


@importers.register("calls")
class CallResource(ImportResource):
    """Calls for proposals, matched by identifier; the programme by its name.

    The opening and the deadline are read in the call's own time zone (Brussels unless given).
    """

    identifier = column(Call, "identifier")
    title = column(Call, "title")
    programme = column(
        Call, "programme", NamedForeignKeyWidget(Programme, "name", _("There is no programme “%(value)s”."))
    )
    opens_at = column(Call, "opens_at", DateTimeWidget(), field_class=MomentInZone)
    deadline = column(Call, "deadline", DateTimeWidget(), field_class=MomentInZone)
    deadline_timezone = column(Call, "deadline_timezone")
    link = column(Call, "link")
    indicative_budget = column(Call, "indicative_budget", DecimalWidget())
    owner_unit = column(Call, "owner_unit", UnitWidget())

    natural_key = ("identifier",)
    examples = {"identifier": "HORIZON-CL5-2027-D1-01", "title": _("Climate-neutral and smart cities")}
    required_columns = ("identifier", "title", "programme", "opens_at", "deadline", "owner_unit")

    class Meta(ImportResource.Meta):
        model = Call
        import_id_fields = ["identifier"]
        fields = CallForm.Meta.fields  # the columns are the form's fields

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # Also when another cell is wrong: the model's rules still compare the two moments.
            self.localise_moments(instance)

    def localise_moments(self, instance: Call) -> None:
        if not instance.deadline_timezone:
            instance.deadline_timezone = Call._meta.get_field("deadline_timezone").default
        for name in ("opens_at", "deadline"):
            moment = getattr(instance, name)
            if moment is not None and moment.tzinfo is None:
                setattr(instance, name, moment.replace(tzinfo=instance.zone))


@importers.register("applications")
class ApplicationResource(ImportResource):
    """EU funding applications, matched by project name and lead unit; the call by its identifier."""

    project_name = column(Application, "project_name")
    acronym = column(Application, "acronym")
    call = column(
        Application,
        "call",
        NamedForeignKeyWidget(Call, "identifier", _("There is no call “%(value)s”.")),
    )
    named_programme = column(Application, "named_programme")
    role = column(Application, "role", ChoiceWidget(ApplicationRole.choices))
    owner_unit = column(Application, "owner_unit", UnitWidget())
    responsible_person = column(Application, "responsible_person", PersonWidget())
    partner_organisations = column(Application, "partner_organisations")
    status = column(Application, "status", ChoiceWidget(ApplicationStatus.choices))
    total_budget = column(Application, "total_budget", DecimalWidget())
    city_budget = column(Application, "city_budget", DecimalWidget())
    eu_grant_requested = column(Application, "eu_grant_requested", DecimalWidget())
    eu_grant_granted = column(Application, "eu_grant_granted", DecimalWidget())
    cofinancing_requested = column(Application, "cofinancing_requested", DecimalWidget())
    cofinancing_granted = column(Application, "cofinancing_granted", DecimalWidget())
    cofinancing_year = column(Application, "cofinancing_year", widgets.IntegerWidget())
    decision_reference = column(Application, "decision_reference")
    came_through_other = column(Application, "came_through_other")
    priorities = column(Application, "priorities", PrioritiesWidget())
    sdgs = column(Application, "sdgs", SDGsWidget())

    natural_key = ("project_name", "owner_unit")
    examples = {"project_name": _("Climate-neutral Helsinki"), "acronym": "CLIMHEL"}
    required_columns = ("project_name", "owner_unit", "responsible_person", "status")

    class Meta(ImportResource.Meta):
        model = Application
        import_id_fields = ["project_name", "owner_unit"]
        fields = [
            *APPLICATION_DESCRIPTION,
            "status",
            *APPLICATION_BUDGET,
            "eu_grant_granted",
            "cofinancing_requested",
            "cofinancing_granted",
            "cofinancing_year",
            "decision_reference",
            "came_through_other",
            "priorities",
            "sdgs",
        ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.appropriations = AppropriationLedger()

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            self.follow_cofinancing(instance)

    @staticmethod
    def follow_cofinancing(application: Application) -> None:
        """The co-financing decision the file's amounts tell (imports are international affairs'):
        an amount granted was granted; an amount requested and not decided is requested; a
        request taken away is no longer requested. A declined request stays declined."""
        CoFinancing = Application.CoFinancing
        decision, requested = application.cofinancing_decision, application.cofinancing_requested
        if application.cofinancing_granted:
            application.cofinancing_decision = CoFinancing.GRANTED
        elif decision == CoFinancing.NOT_REQUESTED and requested is not None:
            application.cofinancing_decision = CoFinancing.REQUESTED
        elif decision == CoFinancing.REQUESTED and requested is None:
            application.cofinancing_decision = CoFinancing.NOT_REQUESTED

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        instance.appropriation_ledger = self.appropriations
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        # The row is right: the next rows are weighed after its grant.
        self.appropriations.draw(instance)
        super().save_instance(instance, is_create, row, **kwargs)


class CoFinancingAppropriationResource(resources.ModelResource):
    class Meta:
        model = CoFinancingAppropriation
        import_id_fields = ["year"]
        fields = CoFinancingAppropriationForm.Meta.fields  # the columns are the form's fields
        skip_unchanged = True
        report_skipped = True


@list_exports.register("programmes")
class ProgrammeListExport(ListExportResource):
    table = PROGRAMMES

    class Meta:
        model = Programme


@list_exports.register("calls")
class CallListExport(ListExportResource):
    """Times are written as the call gives them, in the call's own time zone (the next column)."""

    table = CALLS
    select_related = ("programme", "owner_unit")

    class Meta:
        model = Call


@list_exports.register("applications")
class ApplicationListExport(ListExportResource):
    table = APPLICATIONS
    personal_data_fields = ("responsible_person",)
    select_related = ("call__programme", "owner_unit", "responsible_person")
    prefetch_related = ("priorities", "advocacy_topics")

    class Meta:
        model = Application


@list_exports.register("appropriations")
class CoFinancingAppropriationListExport(ListExportResource):
    """The year's appropriation with what applications have requested and been granted of it."""

    table = APPROPRIATIONS

    class Meta:
        model = CoFinancingAppropriation
