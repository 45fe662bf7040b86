from django import template

from helsinki_intl.records.attached import may_change, record_type_of

from ..forms import DocumentForm
from ..models import Document

register = template.Library()


@register.inclusion_tag("documents/includes/record_documents.html", takes_context=True)
def record_documents(context, record):
    """The record's documents, newest first, read in one query; the owner unit's form to attach one."""
    user = context["request"].user
    can_change = may_change(user, record)
    return {
        "record": record,
        "record_type": record_type_of(record),
        "documents": list(Document.objects.of(record).select_related("uploaded_by")),
        "can_change": can_change,
        "form": DocumentForm(auto_id="document_%s") if can_change else None,
        "csrf_token": context.get("csrf_token"),
    }
