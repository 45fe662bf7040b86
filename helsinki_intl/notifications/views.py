"""The person's notifications, their settings, following, and the e-mails' unsubscribe link."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from helsinki_intl.records.models import unit_model
from helsinki_intl.records.registers import registers

from .describe import what_happened
from .emails import masked_address, person_of_token
from .forms import FollowForm, NotificationSettingsForm
from .models import Follow, Notification, NotificationSettings
from .services import emails_stopped, follow_set, notification_read, notifications_read, settings_save
from .unread import unread_count

PAGE_SIZE = 25
SHOWN = {"unread": gettext_lazy("Unread"), "all": gettext_lazy("All")}
SORTS = {"newest": ("-event_id",), "oldest": ("event_id",)}


def back_to(request, default: str) -> str:
    """Where a form asks to go back to, if it is a page of the portal's."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def register_choices() -> list[tuple[str, str]]:
    from django.apps import apps

    return [
        (register.app_label, apps.get_app_config(register.app_label).verbose_name) for register in registers
    ]


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/notification_list.html"
    page_label = gettext_lazy("Notifications")

    def filters(self) -> dict:
        query = self.request.GET
        registers_known = dict(register_choices())
        return {
            "show": query.get("show") if query.get("show") in SHOWN else "all",
            "register": query.get("register") if query.get("register") in registers_known else "",
            "sort": query.get("sort") if query.get("sort") in SORTS else "newest",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, chosen = self.request.user, self.filters()
        notifications = Notification.objects.filter(user=user).shown().order_by(*SORTS[chosen["sort"]])
        if chosen["show"] == "unread":
            notifications = notifications.unread()
        if chosen["register"]:
            notifications = notifications.filter(event__content_type__app_label=chosen["register"])
        page = Paginator(notifications, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for notification in page:
            notification.what = what_happened(notification.event)
        context.update(
            page_obj=page,
            notifications=page.object_list,
            chosen=chosen,
            shown_choices=SHOWN,
            register_choices=register_choices(),
            filtered=chosen["show"] != "all" or bool(chosen["register"]),
            unread=unread_count(user),
            breadcrumbs=[(None, self.page_label)],
        )
        return context


class MarkReadView(LoginRequiredMixin, View):
    """Marks one of the person's notifications read; another's is not found."""

    def post(self, request, pk: int):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        notification_read(notification)
        return HttpResponseRedirect(back_to(request, reverse("notifications:list")))


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        marked = notifications_read(request.user)
        if marked:
            messages.success(request, _("All your notifications are marked as read."))
        return HttpResponseRedirect(back_to(request, reverse("notifications:list")))


class NotificationSettingsView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/settings.html"
    page_label = gettext_lazy("Notification settings")

    def wishes(self) -> NotificationSettings:
        return NotificationSettings.objects.filter(user=self.request.user).first() or NotificationSettings(
            user=self.request.user
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=kwargs.get("form") or NotificationSettingsForm(instance=self.wishes()),
            follows=followed_by(self.request.user),
            units=unit_model()._default_manager.filter(is_active=True),
            unit_type=unit_model()._meta.label_lower,
            breadcrumbs=[(reverse("notifications:list"), _("Notifications")), (None, self.page_label)],
        )
        return context

    def post(self, request):
        form = NotificationSettingsForm(request.POST, instance=self.wishes())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        settings_save(request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")


def followed_by(user) -> list[Follow]:
    """What the person follows, each with what it follows (`found`), read a query a kind with what
    its name reads; what is gone, or of a kind the portal no longer has, is left out."""
    follows = list(
        Follow.objects.filter(user=user, following=True)
        .select_related("content_type")
        .order_by("content_type_id", "-created_at")
    )
    by_model = defaultdict(list)
    for follow in follows:
        if (model := follow.content_type.model_class()) is not None:
            by_model[model].append(follow)
    for model, of_model in by_model.items():
        found = model._default_manager.select_related().in_bulk({follow.object_id for follow in of_model})
        for follow in of_model:
            follow.found = found.get(follow.object_id)
    return [follow for follow in follows if getattr(follow, "found", None) is not None]


class FollowView(LoginRequiredMixin, View):
    """Starts or stops following one thing the person may read."""

    def post(self, request):
        form = FollowForm(request.POST, user=request.user)
        default = reverse("notifications:settings")
        if not form.is_valid():
            messages.error(
                request, " ".join(form.non_field_errors()) or _("There is nothing to follow here.")
            )
            return HttpResponseRedirect(back_to(request, default))
        found, following = form.cleaned_data["found"], form.cleaned_data["following"]
        follow_set(
            request.user, content_type=form.cleaned_data["content_type"], target=found, following=following
        )
        if following:
            messages.success(request, _("You now follow %(target)s.") % {"target": found})
        else:
            messages.success(request, _("You no longer follow %(target)s.") % {"target": found})
        return HttpResponseRedirect(back_to(request, default))


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The e-mails' unsubscribe link: works without signing in, the signed token naming the person.

    A mail program's one-click unsubscribe (RFC 8058) posts to it without a CSRF token; the
    token in the address is what allows the change, and all it can do is stop e-mails.
    """

    template_name = "notifications/unsubscribe.html"

    def person(self, token: str):
        pk = person_of_token(token)
        return get_user_model().objects.filter(pk=pk, is_active=True).first() if pk is not None else None

    def answer(self, request, person, *, done: bool):
        address = masked_address(person.email) if person is not None else ""
        context = {"person": person, "address": address, "done": done}
        return render(request, self.template_name, context, status=200 if person else 404)

    def get(self, request, token: str):
        return self.answer(request, self.person(token), done=False)

    def post(self, request, token: str):
        person = self.person(token)
        if person is not None:
            emails_stopped(person)
        return self.answer(request, person, done=person is not None)
