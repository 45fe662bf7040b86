from django import template

from ..forms import NewSavedViewForm, group_label
from ..lists import listable, normalised_query
from ..models import SavedView

register = template.Library()


@register.inclusion_tag("saved_views/includes/list_views.html", takes_context=True)
def list_views(context):
    """On a list's page: the views saved of the list that the person sees, and the form that saves
    the list as it is shown. The views in one query; the form reads the person's units' names."""
    request = context["request"]
    match = request.resolver_match
    target = listable(match.view_name) if match else None
    user = request.user
    if target is None or not user.is_authenticated:
        return {"shown": False}
    query = normalised_query(request.GET)
    views = SavedView.objects.visible_to(user).filter(list_name=target.url_name).select_related("owner")
    form = NewSavedViewForm(
        user=user,
        everyone=False,
        initial={"list_name": target.url_name, "query": query},
        auto_id="save-view-%s",
    )
    return {
        "shown": True,
        "request": request,
        "user": user,
        "views": list(views),
        "current_query": query,
        "form": form,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter(name="group_label")
def group_label_filter(group) -> str:
    return group_label(group.name)
