from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("memberships/", views.MembershipListView.as_view(), name="membership-list"),
    path("memberships/add/", views.MembershipCreateView.as_view(), name="membership-add"),
    path("memberships/<int:pk>/", views.MembershipDetailView.as_view(), name="membership-detail"),
    path("memberships/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership-edit"),
    path("memberships/<int:pk>/delete/", views.MembershipDeleteView.as_view(), name="membership-delete"),
    path("memberships/<int:pk>/goals/", views.MembershipGoalAddView.as_view(), name="membership-goals"),
    path("memberships/<int:pk>/roles/", views.MembershipRoleAddView.as_view(), name="membership-roles"),
    path(
        "memberships/<int:pk>/steps/<slug:step>/", views.MembershipStepView.as_view(), name="membership-step"
    ),
    path("memberships/<int:pk>/history/", views.MembershipHistoryView.as_view(), name="membership-history"),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/add/", views.NetworkCreateView.as_view(), name="network-add"),
    path("networks/<int:pk>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("networks/<int:pk>/edit/", views.NetworkUpdateView.as_view(), name="network-edit"),
    path("networks/<int:pk>/delete/", views.NetworkDeleteView.as_view(), name="network-delete"),
    path("networks/<int:pk>/history/", views.NetworkHistoryView.as_view(), name="network-history"),
]
