from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helsinki_intl.records.admin_read_only import ReadOnlyAdminMixin

from .models import NotificationEmail


@admin.register(NotificationEmail)
class NotificationEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The e-mails are recorded by the dispatch and the daily sweep; the admin shows what went out
    and what failed, as for the reminders. None is deleted: a deleted e-mail would leave its
    notifications untold, and the next digest would repeat them."""

    list_display = ["kind", "user", "period", "created_at", "sent_at", "cancelled_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__email", "last_error"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = [field.name for field in NotificationEmail._meta.fields]
    actions = ["retry_now"]

    @admin.action(description=_("Try the selected unsent e-mails again at the next run"))
    def retry_now(self, request, queryset):
        count = queryset.filter(sent_at=None, cancelled_at=None).update(next_attempt_at=timezone.now())
        self.message_user(request, _("%(count)s e-mails will be tried again.") % {"count": count})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_international_affairs:
            actions.pop("retry_now", None)
        return actions
