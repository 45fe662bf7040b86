from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from . import benchmark_floor, health
from .accounts.forms import SignInForm
from .accounts.oidc_views import SignOutView
from .coordination.views.dashboard import DashboardView
from .records.import_views import ImportConfirmView, ImportGuideView, ImportTemplateView, ImportView
from .records.lookups import lookup_urlpatterns
from .records.registers import registers

handler403 = "helsinki_intl.records.refusals.permission_denied"

admin.site.site_header = _("International activities portal")
admin.site.site_title = _("International activities portal")
admin.site.index_title = _("Back office")

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("benchmark/floor/", benchmark_floor.hello, name="benchmark-floor"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", SignOutView.as_view(), name="logout"),
    path(
        "signed-out/", TemplateView.as_view(template_name="registration/signed_out.html"), name="signed-out"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    *(path(register.mounted_at, include(register.urls)) for register in registers),
    path("coordination/", include("helsinki_intl.coordination.urls")),
    path("notifications/", include("helsinki_intl.notifications.urls")),
    path("documents/", include("helsinki_intl.documents.urls")),
    path("journal/", include("helsinki_intl.journal.urls")),
    path("views/", include("helsinki_intl.saved_views.urls")),
    path("api/", include("helsinki_intl.api.urls")),
    path("settings/api-tokens/", include("helsinki_intl.api.token_urls")),
    path("imports/", ImportView.as_view(), name="imports"),
    path("imports/confirm/", ImportConfirmView.as_view(), name="imports-confirm"),
    path("imports/<slug:resource>/", ImportGuideView.as_view(), name="import-guide"),
    path(
        "imports/<slug:resource>/template.<str:format>",
        ImportTemplateView.as_view(),
        name="import-template",
    ),
    path("lookup/", include(lookup_urlpatterns(*registers.lookups()))),
    path("admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("helsinki_intl.accounts.oidc_urls")))
