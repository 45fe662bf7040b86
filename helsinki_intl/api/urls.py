from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from .docs import ApiDocsView
from .endpoints import endpoints
from .views import viewset_for

app_name = "api"

router = SimpleRouter()
for endpoint in endpoints():
    router.register(endpoint.path, viewset_for(endpoint), basename=endpoint.basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
