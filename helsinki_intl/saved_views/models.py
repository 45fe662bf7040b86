"""A list saved with its filters and sorting under a name: a person's own, or shared with a group
or a unit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from helsinki_intl.records.fields import LineField

from .lists import MAX_QUERY_LENGTH, filtered_model, listable

NAME_MAX_LENGTH = 100
NAME_TAKEN = _("You already have a view named “%(name)s”. Choose another name.")


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SavedViewQuerySet":
        """The person's own views and those shared with a group or a unit they belong to.

        Reads the units and groups the user was loaded with (`StaffManager.signed_in`): one query.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(owner=user)
            | Q(shared_with_unit__in=user.unit_ids)
            | Q(shared_with_group__name__in=user.group_names)
        )

    def editable_by(self, user) -> "SavedViewQuerySet":
        """The views the person may rename, share or delete: their own."""
        return self.filter(owner=user) if user.is_authenticated else self.none()


class SavedView(models.Model):
    """A list of the portal with its filters and sorting, saved under a name.

    Private to its owner, or shared with one group or one unit, whose members see it too.
    """

    name = LineField(_("name"), max_length=NAME_MAX_LENGTH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    list_name = models.CharField(
        _("list"), max_length=100, help_text=_("The list's URL name, e.g. networks:membership-list.")
    )
    query = models.CharField(
        _("filters and sorting"),
        max_length=MAX_QUERY_LENGTH,
        blank=True,
        help_text=_("The list's query string, without the page."),
    )
    # A view shared with a group or unit that is removed becomes its owner's own again.
    shared_with_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("shared with the group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shared_with_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("shared with the unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SavedViewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = [Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "owner",
                name="%(app_label)s_%(class)s_unique_name_per_owner",
                violation_error_message=NAME_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(shared_with_group__isnull=True) | Q(shared_with_unit__isnull=True),
                name="%(app_label)s_%(class)s_shared_once",
                violation_error_message=_("A view is shared with a group or with a unit, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="%(app_label)s_%(class)s_named",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        target = self.listable
        if target is None:
            return ""
        url = target.url()
        return f"{url}?{self.query}" if self.query else url

    def clean(self) -> None:
        super().clean()
        # A view of a list the portal no longer has can still be renamed or deleted.
        if self._state.adding and self.list_name and listable(self.list_name) is None:
            raise ValidationError({"list_name": _("This is not one of the portal's lists.")})

    @property
    def listable(self):
        """The list the view is of (`lists.Listable`), or None if the portal no longer has it."""
        return listable(self.list_name)

    @property
    def is_followable(self) -> bool:
        """Whether the view's records can be read outside its page (a register's list can; the
        review queue cannot), so that a digest can tell what entered or left it."""
        return self.listable is not None and filtered_model(self.list_name) is not None

    @property
    def is_shared(self) -> bool:
        return self.shared_with_group_id is not None or self.shared_with_unit_id is not None
