from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity-list"),
    path("calendar/", views.ActivityCalendarView.as_view(), name="calendar"),
    path("add/", views.ActivityCreateView.as_view(), name="activity-add"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path("<int:pk>/steps/<slug:step>/", views.ActivityStepView.as_view(), name="activity-step"),
    path("<int:pk>/history/", views.ActivityHistoryView.as_view(), name="activity-history"),
]
