from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from ..dashboard import dashboard_context


class DashboardView(LoginRequiredMixin, TemplateView):
    """The portal's home page: the person's own reviews and units first, then the city's figures.

    The coordination group and international affairs, whose work is the city-wide view, get the
    city's figures first.
    """

    template_name = "coordination/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(dashboard_context(self.request))
        return context
