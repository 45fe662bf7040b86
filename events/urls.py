from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("bids/", views.EventBidListView.as_view(), name="eventbid-list"),
    path("bids/add/", views.EventBidCreateView.as_view(), name="eventbid-add"),
    path("bids/<int:pk>/", views.EventBidDetailView.as_view(), name="eventbid-detail"),
    path("bids/<int:pk>/edit/", views.EventBidUpdateView.as_view(), name="eventbid-edit"),
    path("bids/<int:pk>/delete/", views.EventBidDeleteView.as_view(), name="eventbid-delete"),
    path("bids/<int:pk>/steps/<slug:step>/", views.EventBidStepView.as_view(), name="eventbid-step"),
    path("bids/<int:pk>/history/", views.EventBidHistoryView.as_view(), name="eventbid-history"),
]
