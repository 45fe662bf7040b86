from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<str:record_type>/<int:pk>/add/", views.DocumentAddView.as_view(), name="add"),
    path("<int:pk>/", views.DocumentDownloadView.as_view(), name="download"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="delete"),
]
