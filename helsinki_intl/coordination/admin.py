from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CalendarFeed, Reminder


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
