"""Each register is declared once, in its app's `register.py`, and the shared parts follow it."""

import ast
import pathlib

import pytest
import rules
from django.apps import apps
from django.urls import reverse

from helsinki_intl.demo.management.commands.seed_demo import loaders
from helsinki_intl.documents import demo as documents_demo
from helsinki_intl.notifications import demo as notifications_demo
from helsinki_intl.permissions import can_add, can_change, can_review, can_view, manages
from helsinki_intl.records.models import StatusChangeBase
from helsinki_intl.records.registers import MenuEntry, Register, RegisterRegistry, registers
from helsinki_intl.saved_views import demo as saved_views_demo
from tests.layout import register_app_labels

ROOT = pathlib.Path(__file__).resolve().parents[2]
REGISTER_APPS = register_app_labels()


def test_every_register_app_declares_itself_in_the_order_of_the_apps():
    assert registers.app_labels() == REGISTER_APPS


def test_a_register_is_declared_once():
    registry = RegisterRegistry()
    registry.register(Register("networks"))
    with pytest.raises(ValueError):
        registry.register(Register("networks"))
    with pytest.raises(LookupError):
        registry.get("unknown")


def test_a_listener_hears_of_registers_declared_before_and_after_it():
    registry = RegisterRegistry()
    registry.register(Register("first"))
    heard = []
    registry.on_register(lambda register: heard.append(register.app_label))
    registry.register(Register("second"))
    assert heard == ["first", "second"]


def test_every_model_of_a_register_has_the_rules_of_its_declared_kind():
    kinds = {
        "unit_owned": (can_view, can_add, can_change, can_change),
        "reviews": (can_view, can_review, manages, manages),
        "managed": (can_view, manages, manages, manages),
    }
    for register in registers:
        for kind, model_names in register.models_by_kind().items():
            for model_name in model_names:
                apps.get_model(register.app_label, model_name)  # a model the app has
                for action, predicate in zip(("view", "add", "change", "delete"), kinds[kind], strict=True):
                    name = f"{register.app_label}.{action}_{model_name}"
                    assert rules.perm_exists(name), name
                    assert rules.permissions.permissions[name] is predicate, name
        assert rules.perm_exists(register.app_label)


def test_every_register_model_that_holds_records_is_declared():
    """A model of a register app without a declared kind would have no rules at all."""
    for register in registers:
        declared = {name for names in register.models_by_kind().values() for name in names}
        for model in apps.get_app_config(register.app_label).get_models():
            if hasattr(model, "instance_type") or issubclass(model, StatusChangeBase):
                continue  # change history, and timelines written by the portal itself
            assert model._meta.model_name in declared, model


def test_the_urls_and_lookups_of_every_register_are_mounted():
    for register in registers:
        for entry in register.menu:
            assert entry.url() is not None and entry.url().startswith(f"/{register.mounted_at}")
        for lookup in register.lookups:
            assert reverse(lookup.url_name)


def test_an_entry_for_a_list_that_is_not_mounted_is_left_out():
    assert MenuEntry("Nowhere", "nowhere:list").url() is None


@pytest.mark.django_db
def test_the_menu_links_every_register_list_and_marks_the_one_shown(culture_client):
    page = culture_client.get(reverse("partnerships:partnership-list")).content.decode()
    nav = page[page.index('class="main-nav"') : page.index("</nav>", page.index('class="main-nav"'))]
    for entry in registers.menu():
        assert f'href="{entry.url()}"' in nav
    assert f'href="{reverse("partnerships:partnership-list")}" aria-current="page"' in nav
    assert nav.count('aria-current="page"') == 1


def test_seed_demo_loads_the_organisation_and_strategy_then_every_register():
    declared = [register.demo for register in registers if register.demo is not None]
    assert len(declared) == len(REGISTER_APPS)
    # Then the records' documents, the notifications of changes to the registers' records, and the
    # demo accounts' saved views of the registers' lists.
    assert loaders()[2:] == [*declared, documents_demo.load, notifications_demo.load, saved_views_demo.load]


def _imported_modules(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_shared_module_imports_a_register_app():
    importing = set()
    for path in (ROOT / "helsinki_intl").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        if any(name.split(".")[0] in REGISTER_APPS for name in _imported_modules(path)):
            importing.add(str(path.relative_to(ROOT)))
    assert importing == set()
