from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import User
from helsinki_intl.permissions import can_review

from ..dashboard import dashboard_context


class DashboardView(LoginRequiredMixin, TemplateView):
    """The portal's home page: the person's own reviews and units first, then the city's figures.

    The coordination group and international affairs, whose work is the city-wide view, get the
    city's figures first. A person who belongs to no unit and has no role, as after a sign-in whose
    groups named none, is told whom to ask instead.
    """

    template_name = "coordination/dashboard.html"

    def without_unit(self) -> bool:
        user = self.request.user
        has_role = user.is_superuser or can_review(user) or user.is_major_events_group
        return not user.unit_ids and not has_role

    def get_template_names(self):
        return ["coordination/no_unit.html"] if self.without_unit() else super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.without_unit():
            context["contacts"] = (
                User.objects.filter(is_active=True, groups__name=roles.INTERNATIONAL_AFFAIRS)
                .exclude(email="")
                .order_by("last_name", "first_name")
                .distinct()
            )
        else:
            context.update(dashboard_context(self.request))
        return context
