from django.urls import path

from . import views

app_name = "journal"

urlpatterns = [
    path("<str:record_type>/<int:pk>/add/", views.JournalAddView.as_view(), name="add"),
    path("<int:pk>/edit/", views.JournalEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.JournalDeleteView.as_view(), name="delete"),
]
