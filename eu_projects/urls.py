from django.urls import path

from . import views

app_name = "eu_projects"

urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="application-list"),
    path("applications/add/", views.ApplicationCreateView.as_view(), name="application-add"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="application-edit"),
    path("applications/<int:pk>/delete/", views.ApplicationDeleteView.as_view(), name="application-delete"),
    path(
        "applications/<int:pk>/steps/<slug:step>/",
        views.ApplicationStepView.as_view(),
        name="application-step",
    ),
    path(
        "applications/<int:pk>/history/", views.ApplicationHistoryView.as_view(), name="application-history"
    ),
    path("calls/", views.CallListView.as_view(), name="call-list"),
    path("calls/add/", views.CallCreateView.as_view(), name="call-add"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call-detail"),
    path("calls/<int:pk>/edit/", views.CallUpdateView.as_view(), name="call-edit"),
    path("calls/<int:pk>/delete/", views.CallDeleteView.as_view(), name="call-delete"),
    path("calls/<int:pk>/history/", views.CallHistoryView.as_view(), name="call-history"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/add/", views.ProgrammeCreateView.as_view(), name="programme-add"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme-edit"),
    path("programmes/<int:pk>/delete/", views.ProgrammeDeleteView.as_view(), name="programme-delete"),
    path("programmes/<int:pk>/history/", views.ProgrammeHistoryView.as_view(), name="programme-history"),
    path("appropriations/", views.AppropriationListView.as_view(), name="cofinancingappropriation-list"),
    path("appropriations/add/", views.AppropriationCreateView.as_view(), name="cofinancingappropriation-add"),
    path(
        "appropriations/<int:pk>/",
        views.AppropriationDetailView.as_view(),
        name="cofinancingappropriation-detail",
    ),
    path(
        "appropriations/<int:pk>/edit/",
        views.AppropriationUpdateView.as_view(),
        name="cofinancingappropriation-edit",
    ),
    path(
        "appropriations/<int:pk>/delete/",
        views.AppropriationDeleteView.as_view(),
        name="cofinancingappropriation-delete",
    ),
    path(
        "appropriations/<int:pk>/history/",
        views.AppropriationHistoryView.as_view(),
        name="cofinancingappropriation-history",
    ),
]
