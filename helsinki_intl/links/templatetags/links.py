from django import template

from ..shown import links_from, links_to

register = template.Library()


@register.inclusion_tag("links/includes/links_from.html")
def record_links_from(record, other=None):
    """The records of other registers the record names, by kind and type; `other` is the record's
    own text for those not in the registers."""
    return {"groups": links_from(record), "other": other}


@register.inclusion_tag("links/includes/links_to.html")
def record_links_to(record):
    """The records of other registers that name the record, by relation and type."""
    return {"groups": links_to(record)}
