"""Import and export of the network register; related records are matched by natural keys."""

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from helsinki_intl.organisation.import_widgets import UnitsWidget, UnitWidget
from helsinki_intl.records.export.columns import (
    ListExportResource,
    list_exports,
)
from helsinki_intl.records.fields import validate_one_line
from helsinki_intl.records.imports.resources import ImportResource, column, importers
from helsinki_intl.records.imports.saving import BulkSave
from helsinki_intl.records.imports.widgets import (
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    DecimalWidget,
    NamedForeignKeyWidget,
    PersonWidget,
)
from helsinki_intl.strategy.import_widgets import PrioritiesWidget, SDGsWidget

from .choices import GeographicScope, MembershipStatus, NetworkKind
from .forms import NetworkForm
from .models import Membership, MembershipGoal, Network, Role
from .tables import MEMBERSHIPS, NETWORKS


def network_by_name() -> NamedForeignKeyWidget:
    return NamedForeignKeyWidget(Network, "name", _("There is no network “%(value)s”."))


@importers.register("networks")
class NetworkResource(ImportResource):
    """Networks, matched by name; the owner unit by its code or name."""

    name = column(Network, "name")
    acronym = column(Network, "acronym")
    kind = column(Network, "kind", ChoiceWidget(NetworkKind.choices))
    scope = column(Network, "scope", ChoiceWidget(GeographicScope.choices))
    country = column(Network, "country", CountryWidget())
    website = column(Network, "website")
    themes = column(Network, "themes")
    description = column(Network, "description")
    owner_unit = column(Network, "owner_unit", UnitWidget())

    natural_key = ("name",)
    examples = {"name": "Eurocities", "themes": _("Climate; culture")}
    required_columns = ("name", "kind", "owner_unit")

    class Meta(ImportResource.Meta):
        model = Network
        import_id_fields = ["name"]
        fields = NetworkForm.Meta.fields  # the columns are the form's fields


@importers.register("memberships")
class MembershipResource(ImportResource):
    """Memberships, matched by network name and owner unit among the current ones.

    Goals are a list of titles in one cell; a title not yet among the membership's goals is
    added, and none is removed.
    """

    network = column(Membership, "network", network_by_name())
    owner_unit = column(Membership, "owner_unit", UnitWidget())
    responsible_person = column(Membership, "responsible_person", PersonWidget())
    participating_units = column(Membership, "participating_units", UnitsWidget())
    status = column(Membership, "status", ChoiceWidget(MembershipStatus.choices))
    start_date = column(Membership, "start_date", DateWidget())
    end_date = column(Membership, "end_date", DateWidget())
    annual_fee = column(Membership, "annual_fee", DecimalWidget())
    decision_reference = column(Membership, "decision_reference")
    benefits = column(Membership, "benefits")
    priorities = column(Membership, "priorities", PrioritiesWidget())
    sdgs = column(Membership, "sdgs", SDGsWidget())
    review_interval_months = column(Membership, "review_interval_months", widgets.IntegerWidget())
    next_review_due = column(Membership, "next_review_due", DateWidget())
    goals = fields.Field(column_name=capfirst(_("goals")), dehydrate_method="dehydrate_goals")

    natural_key = ("network", "owner_unit")
    required_columns = ("network", "owner_unit", "responsible_person", "status")
    examples = {"decision_reference": "HEL 2024-001234", "benefits": _("Peer learning on climate policy")}
    column_notes = {
        "goals": (
            _("Goal titles, separated by semicolons; a title not yet among the membership's goals is added."),
            _("Host a forum meeting; Lead a working group"),
        )
    }
    # The key is the current membership's network and unit, matched among the current ones.
    constraints_checked_by_import = ("networks_membership_one_current_per_unit",)

    class Meta(ImportResource.Meta):
        model = Membership
        import_id_fields = ["network", "owner_unit"]
        fields = [
            "network",
            "owner_unit",
            "responsible_person",
            "participating_units",
            "status",
            "start_date",
            "end_date",
            "annual_fee",
            "decision_reference",
            "benefits",
            "priorities",
            "sdgs",
            "review_interval_months",
            "next_review_due",
            "goals",
        ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._new_goals: list[MembershipGoal] = []
        self._closed: dict[tuple, Membership] = {}

    def get_queryset(self):
        # The goals are compared with each row's (new_goal_titles): read with the memberships.
        return Membership.objects.current().prefetch_related("goals")

    # A row of an ended or declined membership, as the list export writes it, is that membership
    # again (the unit's in the network with the same start date), not a new one; failing that,
    # it is the unit's current membership, which the row ends, or a new closed one.

    def closed_key(self, row) -> tuple | None:
        """(network, unit, start date) of a row whose status ends or declines; None otherwise."""
        try:
            status, network, unit = (
                self.fields[name].clean(row) for name in ("status", "network", "owner_unit")
            )
            start_date = self.fields["start_date"]
            start = start_date.clean(row) if start_date.column_name in row else None
        except ValueError:
            return None  # the row's own import names the cell
        if status not in Membership.CLOSED_STATUSES or network is None or unit is None:
            return None
        return (network.pk, unit.pk, start)

    def row_identity(self, row) -> tuple[str, ...]:
        # A row of a closed membership is told apart from the unit's current one; a row that
        # would end the current one is the current one, which no other row may change too.
        key = self.closed_key(row)
        return super().row_identity(row) + (("closed", str(key[2])) if key in self._closed else ())

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        keys = {key for row in dataset.dict if (key := self.closed_key(row))}
        closed = Membership.objects.filter(
            status__in=Membership.CLOSED_STATUSES,
            network__in={network for network, _unit, _start in keys},
            owner_unit__in={unit for _network, unit, _start in keys},
        )
        for membership in closed.prefetch_related("goals", *self.list_attributes()).order_by("pk"):
            key = (membership.network_id, membership.owner_unit_id, membership.start_date)
            self._closed[key] = membership

    def list_attributes(self) -> list[str]:
        return [field.attribute for field in self.list_fields()]

    def get_instance(self, instance_loader, row):
        if (key := self.closed_key(row)) and key in self._closed:
            return self._closed[key]
        return super().get_instance(instance_loader, row)

    def dehydrate_goals(self, membership: Membership) -> str:
        return "; ".join(goal.title for goal in membership.goals.all())

    def import_instance(self, instance, row, **kwargs):
        """Also refuses, at the goals' column, a goal title that the goal's own form refuses."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for title in self.list_cell(row, str(self.fields["goals"].column_name)):
            try:
                validate_one_line(title)
            except ValidationError as error:
                errors.setdefault("goals", []).extend(error.error_list)
                break
        if errors:
            raise ValidationError(errors)

    def new_goal_titles(self, membership: Membership, row) -> list[str]:
        existing = {goal.title.lower() for goal in membership.goals.all()} if membership.pk else set()
        titles = []
        for title in self.list_cell(row, str(self.fields["goals"].column_name)):
            if title.lower() not in existing and title.lower() not in {t.lower() for t in titles}:
                titles.append(title)
        return titles

    def rows_added(self, instance, row) -> dict[str, int]:
        return {"goals": len(self.new_goal_titles(instance, row))}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.new_goal_titles(instance, row):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        goals = self.goals_to_add(instance, self.new_goal_titles(instance, row))
        if self._meta.use_bulk:
            self._new_goals += goals  # saved once the memberships are
            return
        for goal in goals:
            self.mark_history(goal)
            goal.save()

    def goals_to_add(self, membership: Membership, titles: list[str]) -> list[MembershipGoal]:
        order = len(membership.goals.all()) if membership.pk else 0
        return [
            MembershipGoal(membership=membership, title=title[:300], order=order + offset)
            for offset, title in enumerate(titles, start=1)
        ]

    def after_bulk_save(self, saver, created, updated):
        goals, self._new_goals = self._new_goals, []
        goal_saver = BulkSave(MembershipGoal, user=self.user, change_reason=self.change_reason)
        goal_saver.create(goals)
        goal_saver.write_history(goals, history_type="+")


@importers.register("roles")
class RoleResource(ImportResource):
    """The roles the city holds in networks, matched by membership, title and start date.

    The membership is the owner unit's current one in the network, named by those two
    columns. The holder's portal account (user name or e-mail) is optional; a row without
    the holder's name takes the account's full name.
    """

    network = column(Membership, "network", network_by_name(), attribute="membership__network")
    owner_unit = column(Membership, "owner_unit", UnitWidget(), attribute="membership__owner_unit")
    title = column(Role, "title")
    holder = column(Role, "holder")
    holder_user = column(Role, "holder_user", PersonWidget())
    start_date = column(Role, "start_date", DateWidget())
    end_date = column(Role, "end_date", DateWidget())

    membership_columns = ("network", "owner_unit")
    natural_key = ("network", "owner_unit", "title", "start_date")
    examples = {"title": _("Vice-chair of the culture forum"), "holder": "Elina Laaksonen"}
    required_columns = ("network", "owner_unit", "title", "start_date")
    # Role.clean() names an end before the start.
    constraints_checked_by_import = ("networks_role_ends_after_start",)

    class Meta(ImportResource.Meta):
        model = Role
        import_id_fields = ["network", "owner_unit", "title", "start_date"]
        fields = ["network", "owner_unit", "title", "holder", "holder_user", "start_date", "end_date"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._current_memberships: dict[tuple, Membership | None] = {}

    def get_queryset(self):
        return Role.objects.filter(membership__in=Membership.objects.current())

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except Role.MultipleObjectsReturned:
            # Nothing in the database keeps two such roles apart, but the import cannot choose.
            message = gettext("Several roles of this membership have this title and start date.")
            raise ValidationError({"title": [message]}) from None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute and field.attribute.startswith("membership__"):
            return  # the membership's columns are read together, in import_instance
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        for step in (super().import_instance, self.import_membership):
            try:
                step(instance, row, **kwargs)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if not instance.holder and instance.holder_user:
            instance.holder = instance.holder_user.get_full_name() or instance.holder_user.username
        if errors:
            raise ValidationError(errors)

    def import_membership(self, role: Role, row, **kwargs) -> None:
        """Set the owner unit's current membership in the network; a wrong cell is named."""
        keys, errors = {}, {}
        for name in self.membership_columns:
            field = self.fields[name]
            try:
                keys[name] = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = [str(error)]
                continue
            if keys[name] is None:
                errors[field.attribute] = [Membership._meta.get_field(name).error_messages["null"]]
        if errors:
            raise ValidationError(errors)
        membership = self.current_membership(keys["network"], keys["owner_unit"])
        if membership is None:
            message = gettext("%(unit)s has no current membership in %(network)s.") % {
                "unit": keys["owner_unit"],
                "network": keys["network"],
            }
            raise ValidationError({"membership__network": [message]})
        role.membership = membership

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.preload_memberships(dataset)

    def preload_memberships(self, dataset) -> None:
        """Read the current memberships the rows name, with one query for the whole file."""
        columns = [self.fields[name] for name in self.membership_columns]
        if any(field.column_name not in dataset.headers for field in columns):
            return
        pairs = set()
        for row in dataset.dict:
            try:
                network, owner_unit = (field.clean(row) for field in columns)
            except ValueError:
                continue  # the row's own import names the cell
            if network is not None and owner_unit is not None:
                pairs.add((network.pk, owner_unit.pk))
        current = Membership.objects.current().filter(
            network__in={network for network, _unit in pairs},
            owner_unit__in={unit for _network, unit in pairs},
        )
        # A role's name names its membership's network and unit.
        for membership in current.select_related("network", "owner_unit").order_by("pk"):
            key = (membership.network_id, membership.owner_unit_id)
            self._current_memberships.setdefault(key, membership)
        for pair in pairs:
            self._current_memberships.setdefault(pair, None)

    def current_membership(self, network, owner_unit) -> Membership | None:
        """The unit's current membership in the network, read once for all its roles in the file."""
        key = (network.pk, owner_unit.pk)
        if key not in self._current_memberships:
            current = Membership.objects.current().filter(network=network, owner_unit=owner_unit)
            self._current_memberships[key] = current.first()
        return self._current_memberships[key]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.membership_id is None:
            # The membership's columns have said why there is none; the model would only
            # repeat that it is missing.
            errors.setdefault("membership", [])
        super().validate_instance(instance, errors, validate_unique)


@list_exports.register("networks")
class NetworkListExport(ListExportResource):
    """The network list's columns, with the strategy periods a network is a priority in."""

    table = NETWORKS
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
    table = MEMBERSHIPS
    personal_data_fields = ("responsible_person",)
    select_related = ("network", "owner_unit", "responsible_person")
    prefetch_related = ("participating_units", "priorities", "sdgs")

    class Meta:
        model = Membership
