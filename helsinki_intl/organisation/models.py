from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Aggregate, JSONField, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.fields import LineField
from helsinki_intl.records.models import Versioned
from helsinki_intl.records.multilingual import TranslatedName

from . import roles


class OrgUnitQuerySet(models.QuerySet):
    def matching(self, value: str) -> "OrgUnitQuerySet":
        """The units a person means by a code, an abbreviation or part of a name in any language;
        a number is a unit's id, as in the dashboard's links."""
        matching = Q(code__iexact=value) | Q(abbreviation__iexact=value)
        if value.isascii() and value.isdigit():
            return self.filter(matching | Q(pk=int(value)))
        for language in ("fi", "sv", "en"):
            matching |= Q(**{f"name_{language}__icontains": value})
        return self.filter(matching)


class OrgUnit(TranslatedName, Versioned):
    """A part of the city organisation that owns international work.

    Divisions, the City Executive Office and its departments, enterprises and city companies.
    """

    class Kind(models.TextChoices):
        DIVISION = "division", _("Division")
        EXECUTIVE_OFFICE = "executive_office", _("City Executive Office")
        DEPARTMENT = "department", _("Department")
        ENTERPRISE = "enterprise", _("Municipal enterprise")
        COMPANY = "company", _("City company")
        OTHER = "other", _("Other")

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short stable key, used in imports and links."),
    )
    abbreviation = LineField(_("abbreviation"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where the unit's international contact receives notices."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrgUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["name_fi"]


class JSONArrayAgg(Aggregate):
    """The values as one JSON array (PostgreSQL's jsonb_agg, SQLite's json_group_array)."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


signed_in_annotations: list = []
"""() -> {name: expression}: what another app needs of the signed-in person on every page (the
count of their unread notifications), read in the query that loads them. Apps that build on the
organisation add theirs when they are ready."""


class StaffManager(UserManager):
    def signed_in(self, pk) -> "User | None":
        """The user with their unit ids and group names, in one query.

        Every page asks who the user is and what they may do; loading the units and groups with
        the user saves a query for each on every request.
        """

        def values_of(through, field: str) -> Subquery:
            rows = through.objects.filter(user=OuterRef("pk")).order_by().values("user")
            return Subquery(rows.annotate(values=JSONArrayAgg(field)).values("values"))

        others = {
            name: value for annotations in signed_in_annotations for name, value in annotations().items()
        }
        user = (
            self.annotate(
                loaded_unit_ids=values_of(User.units.through, "orgunit_id"),
                loaded_group_names=values_of(User.groups.through, "group__name"),
                **others,
            )
            .filter(pk=pk)
            .first()
        )
        if user is not None:
            user.unit_ids = frozenset(user.loaded_unit_ids or ())
            user.group_names = frozenset(user.loaded_group_names or ())
        return user


class User(AbstractUser, Versioned):
    """A member of staff. Belongs to organisation units; roles come from groups."""

    first_name = LineField(_("first name"), max_length=150, blank=True)
    last_name = LineField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("The language of e-mails sent to this person."),
    )
    # The single sign-on provider's subject (`sub`): it finds the person's account at every
    # sign-in, whereas the user name follows the name the provider gives.
    oidc_subject = models.CharField(
        _("single sign-on subject"), max_length=255, unique=True, null=True, blank=True, editable=False
    )
    units = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("units"),
        related_name="members",
        blank=True,
    )

    objects = StaffManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(self.units.values_list("pk", flat=True))

    @cached_property
    def group_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_international_affairs(self) -> bool:
        return self.is_superuser or roles.INTERNATIONAL_AFFAIRS in self.group_names

    @property
    def is_coordinator(self) -> bool:
        return roles.COORDINATION_GROUP in self.group_names

    @property
    def is_major_events_group(self) -> bool:
        return roles.MAJOR_EVENTS_GROUP in self.group_names
