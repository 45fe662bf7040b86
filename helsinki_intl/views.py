import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from networks.models import Membership

UPCOMING_REVIEW_DAYS = 30


@login_required
def home(request):
    """The signed-in user's start page: their units' memberships whose reviews fall due."""
    today = timezone.localdate()
    my_reviews = (
        Membership.objects.for_list()
        .filter(owner_unit_id__in=request.user.unit_ids)
        .review_due(before=today + datetime.timedelta(days=UPCOMING_REVIEW_DAYS))
        .order_by("next_review_due")
    )
    return render(
        request,
        "home.html",
        {
            "today": today,
            "my_reviews": my_reviews,
            "upcoming_days": UPCOMING_REVIEW_DAYS,
            "membership_count": Membership.objects.current().count(),
        },
    )
