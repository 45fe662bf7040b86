"""What the partnership register's page tests share: URLs, posted forms and reading pages."""

import datetime
import re

from django.urls import reverse

from partnerships.models import Partnership

FORM_ERRORS = "The form has errors. Please correct the fields marked below."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."
NO_NEW_TWIN_CITIES = (
    "The city signs no new twin-city (friendship) agreements: choose thematic or project-based "
    "cooperation. Only an existing twin-city relationship keeps this type."
)
COOPERATION_REQUIRED = (
    "Choose at least one form of cooperation: information exchange, project cooperation or joint advocacy."
)


def url(name: str, record=None) -> str:
    return reverse(f"partnerships:{name}", args=[record.pk] if record is not None else [])


def management_form(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_partnership_data(*, partner, owner_unit, responsible_person, goals=(), **fields) -> dict:
    """What the add form posts: the partnership's fields and its goal rows."""
    data = {
        "partner": partner.name,
        "type": Partnership.Type.THEMATIC,
        "cooperation": ["information_exchange", "project_cooperation"],
        "themes": "Climate and talent",
        "owner_unit": owner_unit.name_en,
        "responsible_person": responsible_person.get_full_name(),
        "status": Partnership.Status.ACTIVE,
        "start_date": "2024-01-01",
        "end_date": "",
        "review_interval_months": "12",
        "next_review_due": "2025-01-31",
        "description": "Nordic capitals' cooperation.",
    }
    data.update(fields)
    for prefix, rows in (("goals", goals),):
        data.update(management_form(prefix, len(rows)))
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _post_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def posted_back(response, **changes) -> dict:
    """The data a browser posts back from a rendered record form (with its formsets), plus changes."""
    forms = [response.context["form"]]
    for formset in response.context.get("formsets", {}).values():
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for bound_field in form:
            value = bound_field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound_field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound_field.html_name] = [_post_value(item) for item in value]
            else:
                data[bound_field.html_name] = _post_value(value)
    data.update(changes)
    return data


def html(response) -> str:
    return response.content.decode()


CHOICE_GROUPS = {"cooperation"}  # fields shown as a group of check boxes


def field_error_html(field: str, message: str) -> str:
    """How `includes/field.html` shows an error at a field (a group of boxes has its own style)."""
    css_class = "hds-selection-group__error-text" if field in CHOICE_GROUPS else "hds-text-input__error-text"
    return f'<div class="{css_class}" id="id_{field}_error"><p>{message}</p></div>'


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def table_rows(response) -> list[str]:
    """The list's rows, each cell without the header a narrow screen shows beside it."""
    body = html(response).split('<tbody class="hds-table__content">', 1)[1]
    return re.findall(r"<tr>.*?</tr>", re.sub(r' data-label="[^"]*"', "", body), flags=re.S)
