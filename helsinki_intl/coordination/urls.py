from django.urls import path

from .views import calendar, reviews, summary

app_name = "coordination"

urlpatterns = [
    path("reviews/", reviews.ReviewQueueView.as_view(), name="review-queue"),
    path("reviews/<slug:type_key>/<int:pk>/", reviews.ReviewCreateView.as_view(), name="review-add"),
    path("calendar/", calendar.CalendarFeedView.as_view(), name="calendar"),
    path("calendar/<str:token>/mine.ics", calendar.personal_feed, name="calendar-personal"),
    path("calendar/<str:token>/city.ics", calendar.city_feed, name="calendar-city"),
    path("summary/", summary.SummaryView.as_view(), name="summary"),
    path("summary/<slug:breakdown>/", summary.SummaryBreakdownView.as_view(), name="summary-breakdown"),
]
