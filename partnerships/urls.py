from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("partnerships/add/", views.PartnershipCreateView.as_view(), name="partnership-add"),
    path("partnerships/<int:pk>/", views.PartnershipDetailView.as_view(), name="partnership-detail"),
    path("partnerships/<int:pk>/edit/", views.PartnershipUpdateView.as_view(), name="partnership-edit"),
    path("partnerships/<int:pk>/delete/", views.PartnershipDeleteView.as_view(), name="partnership-delete"),
    path(
        "partnerships/<int:pk>/history/", views.PartnershipHistoryView.as_view(), name="partnership-history"
    ),
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partners/add/", views.PartnerCreateView.as_view(), name="partner-add"),
    path("partners/<int:pk>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("partners/<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner-edit"),
    path("partners/<int:pk>/delete/", views.PartnerDeleteView.as_view(), name="partner-delete"),
    path("partners/<int:pk>/history/", views.PartnerHistoryView.as_view(), name="partner-history"),
]
