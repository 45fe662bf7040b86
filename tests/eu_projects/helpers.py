"""What the EU funding register's page tests share: URLs, posted forms and reading pages."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

FORM_ERRORS = "The form has errors. Please correct the fields marked below."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def this_year() -> int:
    """Helsinki's year, read when a test asks for it, as the portal reads it per request."""
    return timezone.localdate().year


def url(name: str, record=None) -> str:
    return reverse(f"eu_projects:{name}", args=[record.pk] if record is not None else [])


def html(response) -> str:
    return response.content.decode()


def field_error_html(field: str, message: str) -> str:
    """How `includes/field.html` shows an error at a field."""
    return f'<div class="hds-text-input__error-text" id="id_{field}_error"><p>{message}</p></div>'


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def table_rows(response) -> list[str]:
    return re.findall(
        r"<tr>.*?</tr>", html(response).split('<tbody class="hds-table__content">', 1)[1], flags=re.S
    )


def _post_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def posted_back(response, **changes) -> dict:
    """The data a browser posts back from a rendered record form, plus changes."""
    data = {}
    for bound_field in response.context["form"]:
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
    return {key: value for key, value in data.items() if value is not None}


def new_application_data(*, call, owner_unit, responsible_person, **fields) -> dict:
    data = {
        "project_name": "Green ports of Baltic Sea cities",
        "acronym": "GREENPORTS",
        "call": call.identifier if call else "",
        "role": "partner",
        "owner_unit": owner_unit.name_en,
        "responsible_person": responsible_person.get_full_name(),
        "partner_organisations": "Port of Tallinn\nStockholms Hamn",
        "total_budget": "3600000.00",
        "city_budget": "420000.00",
        "eu_grant_requested": "2880000.00",
        "notes": "",
    }
    data.update(fields)
    return data


def call_data(programme, owner_unit, **fields) -> dict:
    data = {
        "identifier": "HORIZON-CL5-2026-09-D4-03",
        "title": "Positive energy districts",
        "programme": programme.pk,
        "opens_at": "2026-01-08T09:00",
        "deadline": "2026-01-30T17:00",
        "deadline_timezone": "Europe/Brussels",
        "link": "https://ec.europa.eu/info/funding-tenders/opportunities/portal",
        "indicative_budget": "30000000.00",
        "owner_unit": owner_unit.name_en,
    }
    data.update(fields)
    return data
