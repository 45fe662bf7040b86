import rules
from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..filter_form import rendered_filter_form
from ..money import format_euros
from ..process import process_for
from ..registers import registers

register = template.Library()


@register.simple_tag
def may(permission: str, user, obj=None) -> bool:
    """Whether the portal's rules (`helsinki_intl.permissions`) give `user` the permission.

    Asks the rules alone: `user.has_perm` would also ask Django's model backend, which costs
    two queries on every page for each user the rules refuse.
    """
    return rules.has_perm(permission, user, obj)


@register.filter
def euros(value) -> str:
    """An amount in euros written the way the active language writes money: 1 234,50 €."""
    return format_euros(value)


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str):
    """A column header whose link sorts the list by this column, keeping the filters."""
    request = context["request"]
    current = request.GET.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)
    if current == key:
        params["sort"], state, hint = f"-{key}", "ascending", _("sorted ascending")
    elif current == f"-{key}":
        params["sort"], state, hint = key, "descending", _("sorted descending")
    else:
        params["sort"], state, hint = key, "", ""
    return format_html(
        '<th scope="col"{}><a href="?{}">{}{}</a></th>',
        format_html(' aria-sort="{}"', state) if state else "",
        params.urlencode(),
        label,
        format_html(
            ' <span class="sort-indicator" aria-hidden="true">{}</span>'
            '<span class="visually-hidden">, {}</span>',
            "▲" if state == "ascending" else "▼",
            hint,
        )
        if state
        else "",
    )


@register.simple_tag(takes_context=True)
def filter_form(context):
    """The list's filter form (`includes/filters.html`), from the cache when it has it."""
    return mark_safe(rendered_filter_form(context))  # nosec B308 B703 # rendered by a template


@register.inclusion_tag("includes/status_tag.html")
def status_tag(record):
    return {"value": record.status, "label": record.get_status_display()}


@register.filter
def verbose_name_plural(model) -> str:
    return model._meta.verbose_name_plural


@register.filter
def in_place_after(form, field_name: str):
    """The form to show in place under the field (`records.forms.InPlace`), if the form has one."""
    shown_after = getattr(form, "in_place_after", None)
    return shown_after(field_name) if shown_after else None


@register.filter
def with_class(bound_field, css_class: str):
    """The field's widget rendered with a design-system class: `{{ field|with_class:"..." }}`."""
    return bound_field.as_widget(attrs={"class": css_class})


@register.filter
def choice_with_class(choice, css_class: str):
    """One box or radio button of a multiple-choice field, with a design-system class."""
    attrs = {"class": css_class, **choice.data["attrs"]}
    context = {"widget": {**choice.data, "attrs": attrs, "wrap_label": False}}
    return choice.parent_widget._render(choice.template_name, context, choice.renderer)


@register.inclusion_tag("records/includes/process.html", takes_context=True)
def record_process(context, record):
    """Where the record is in its process: the steps done (its timeline), and the steps that can
    be taken next, by whom, with a button for each that the person may take."""
    process = process_for(type(record))
    timeline = None
    if hasattr(record, "status_changes"):
        timeline = record.status_changes.select_related("changed_by")
    if process is None:
        # A register without a process (partnerships) still shows its status changes.
        return {"process": None, "timeline": timeline}
    user = context["request"].user
    opts = record._meta
    return {
        "process": process,
        "timeline": timeline,
        "next_steps": [
            (
                step,
                step.may(user, record)
                and reverse(f"{opts.app_label}:{opts.model_name}-step", args=[record.pk, step.name]),
            )
            for step in process.open_steps(record)
        ],
    }


@register.simple_tag
def register_menu(path: str) -> list[dict]:
    """The main menu's links to the registers' lists, as each register declares them."""
    menu = []
    for entry in registers.menu():
        url = entry.url()
        if url is not None:
            menu.append({"label": entry.label, "url": url, "current": (entry.section or url) in path})
    return menu


@register.filter
def row_of(table, record) -> list:
    """The record's cells in the list's table (`records.tables.Table`)."""
    return table.cells(record)
