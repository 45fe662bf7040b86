from django.contrib import admin
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from helsinki_intl.records.admin_locking import VersionCheckedAdminMixin

from .models import CalendarFeed, Reminder, ReminderKind, ReminderSchedule
from .reminders import reminded_types


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders are written by the daily sweep; the admin shows what went out and what failed."""

    list_display = ["kind", "recipient", "due_date", "record", "created_at", "sent_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "due_date"]
    search_fields = ["recipient", "last_error"]
    date_hierarchy = "created_at"
    list_select_related = ["record_type"]
    readonly_fields = [field.name for field in Reminder._meta.fields] + ["record"]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only; the one change allowed is the action below.
        return False

    @admin.action(description=_("Try the selected unsent reminders again at the next run"))
    def retry_now(self, request, queryset):
        count = queryset.pending().update(next_attempt_at=timezone.now())
        self.message_user(request, _("%(count)s reminders will be tried again.") % {"count": count})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_international_affairs:
            actions.pop("retry_now", None)
        return actions


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Who has a calendar link; deleting one turns it off. The links themselves are not kept."""

    list_display = ["user", "created_at", "last_used_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    readonly_fields = ["user", "created_at", "last_used_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False


def reminded(schedule):
    """The record type of the schedule as the reminders know it: its kinds and the fields they
    read. None for a type no register reminds of any more."""
    return reminded_types().get(schedule.record_type.model_class())


def schedule_column(name: str):
    """A list column of a schedule field: its value where the row's reminders read it, else empty."""

    @admin.display(description=capfirst(ReminderSchedule._meta.get_field(name).verbose_name))
    def column(schedule):
        applies = (found := reminded(schedule)) is not None and name in found.schedule_fields
        return getattr(schedule, name) if applies else None

    column.__name__ = name
    return column


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    """When each record type's reminders go out. A row per record type reminded of is made when the
    database is migrated; international affairs change the values its reminders read."""

    list_display = [
        "__str__",
        "kinds",
        *(schedule_column(name) for name in ReminderSchedule.SCHEDULE_FIELDS),
    ]
    list_select_related = ["record_type"]
    readonly_fields = ["record_type_name", "kinds"]

    @admin.display(description=_("record type"))
    def record_type_name(self, schedule) -> str:
        return str(schedule)

    @admin.display(description=_("reminders"))
    def kinds(self, schedule) -> str:
        found = reminded(schedule)
        return ", ".join(str(ReminderKind(kind).label) for kind in found.kinds) if found else ""

    def get_fields(self, request, obj=None):
        found = reminded(obj) if obj else None
        return ["record_type_name", "kinds", *(found.schedule_fields if found else ())]

    def has_add_permission(self, request):
        # The rows follow from the registers' declarations (`reminders.create_reminder_schedules`).
        return False

    def has_delete_permission(self, request, obj=None):
        return False
