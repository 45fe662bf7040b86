from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read-all"),
    path("settings/", views.NotificationSettingsView.as_view(), name="settings"),
    path("follow/", views.FollowView.as_view(), name="follow"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
