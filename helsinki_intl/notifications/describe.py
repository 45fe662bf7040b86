"""What a notification says happened, in the reader's language: who did what to the record."""

import datetime

from django.utils.translation import gettext as _

from helsinki_intl.records.dates import short_date
from helsinki_intl.records.process import ASSESSED, DECIDED, SUBMITTED, process_for


def person_of(event) -> str:
    actor = event.actor
    return (actor.get_full_name() or actor.get_username()) if actor is not None else _("The portal")


def status_label(model, value) -> str:
    choices = dict(model._meta.get_field("status").flatchoices)
    return str(choices.get(value, value)) if isinstance(value, str) else ""


def date_of(value) -> str:
    if value is None:
        return ""
    try:
        return short_date(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def what_happened(event) -> str:
    """One sentence naming who did what; the record is named beside it."""
    kind = event.kind.rpartition(".")[2]
    person = person_of(event)
    facts = event.payload if isinstance(event.payload, dict) else {}
    model = event.content_type.model_class()
    match kind:
        case "created":
            return _("%(person)s added it.") % {"person": person}
        case "changed":
            return _("%(person)s changed it.") % {"person": person}
        case "deleted":
            return _("%(person)s deleted it.") % {"person": person}
        case "reviewed":
            return _("%(person)s recorded a review.") % {"person": person}
        case "review_overdue":
            return _("Its review is overdue: it was due on %(date)s.") % {
                "date": date_of(facts.get("due_date"))
            }
        case "role_term_ending":
            return _("The term of the role %(role)s ends on %(date)s.") % {
                "role": facts.get("role", ""),
                "date": date_of(facts.get("due_date")),
            }
        case "call_deadline_near":
            return _("Its call's deadline is on %(date)s.") % {"date": date_of(facts.get("due_date"))}
        case "document_added":
            return _("%(person)s attached the document %(name)s.") % {
                "person": person,
                "name": facts.get("name", ""),
            }
        case "document_deleted":
            return _("%(person)s deleted the document %(name)s.") % {
                "person": person,
                "name": facts.get("name", ""),
            }
        case "journal_entry_added":
            return _("%(person)s wrote in the journal: %(text)s") % {
                "person": person,
                "text": facts.get("text", ""),
            }
        case "journal_entry_changed":
            return _("%(person)s corrected a journal entry: %(text)s") % {
                "person": person,
                "text": facts.get("text", ""),
            }
        case "journal_entry_deleted":
            return _("%(person)s deleted a journal entry.") % {"person": person}
        case "unlisted_programme_named":
            return _("%(person)s named a programme not in the register: %(programme)s.") % {
                "person": person,
                "programme": facts.get("programme", ""),
            }
    process = process_for(model) if model is not None else None
    step = process.step(kind) if process is not None else None
    if step is None:
        return _("%(person)s changed it.") % {"person": person}
    if step.news == SUBMITTED:
        return _("%(person)s submitted it: %(step)s.") % {"person": person, "step": step.label}
    if step.news == ASSESSED:
        return _("%(person)s recorded the assessment.") % {"person": person}
    if step.news == DECIDED:
        # The status reached says what was decided; another state's step says it by its name.
        decided = status_label(model, facts.get("status")) if step.field == "status" else step.label
        return _("%(person)s recorded a decision: %(decision)s.") % {"person": person, "decision": decided}
    return _("%(person)s took the step “%(step)s”.") % {"person": person, "step": step.label}
