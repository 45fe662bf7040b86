"""No form of the portal carries what only a process's steps write: a record's status, its
decisions and its grants change only through a step (helsinki_intl/records/process.py)."""

import pytest
from django import forms

from helsinki_intl.records.process import all_processes, process_for
from tests.project.urlwalk import portal_pages


def record_forms() -> dict[str, type[forms.ModelForm]]:
    """{page name: form class} of every page whose form writes a record of a process."""
    found = {}
    for page in portal_pages(skip={}):
        form_class = getattr(getattr(page.view, "view_class", None), "form_class", None)
        is_model_form = isinstance(form_class, type) and issubclass(form_class, forms.ModelForm)
        if is_model_form and process_for(form_class._meta.model) is not None:
            found[page.name] = form_class
    return found


RECORD_FORMS = record_forms()


def test_every_register_with_a_process_has_its_add_and_edit_forms_checked():
    checked = {form_class._meta.model for form_class in RECORD_FORMS.values()}
    assert checked == {process.model for process in all_processes()}
    assert all(name.endswith(("-add", "-edit")) for name in RECORD_FORMS), sorted(RECORD_FORMS)


@pytest.mark.parametrize("process", all_processes(), ids=lambda process: process.model.__name__)
def test_the_fields_only_steps_write_are_fields_of_the_record(process):
    names = {field.name for field in process.model._meta.get_fields()}
    assert process.step_only_fields() <= names


@pytest.mark.parametrize("page_name", sorted(RECORD_FORMS))
def test_no_record_form_carries_a_field_only_a_step_writes(page_name):
    form_class = RECORD_FORMS[page_name]
    process = process_for(form_class._meta.model)

    assert not process.step_only_fields() & set(form_class.base_fields)
