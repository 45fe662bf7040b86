from django import template

from ..registry import reviewables

register = template.Library()


@register.simple_tag
def review_form_url(record, user) -> str:
    """The address of the form that records a review of `record`, for those who may record one
    while the record is under review; empty otherwise."""
    reviewable = reviewables.for_model(type(record))
    if record.is_reviewed and reviewable.may_review(user):
        return reviewable.review_url(record)
    return ""
