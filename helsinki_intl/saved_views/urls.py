from django.urls import path

from . import views

app_name = "saved_views"

urlpatterns = [
    path("", views.SavedViewIndexView.as_view(), name="index"),
    path("add/", views.SavedViewCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.SavedViewUpdateView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.SavedViewDeleteView.as_view(), name="delete"),
    path("<int:pk>/history/", views.SavedViewHistoryView.as_view(), name="history"),
]
