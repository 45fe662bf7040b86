"""Every package the code imports is declared in pyproject.toml, not only reached through another
package's dependencies: the portal's code in `dependencies`, the tests' in the `dev` extra."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(settings.BASE_DIR)
PACKAGES = ["helsinki_intl", "networks", "partnerships", "eu_projects", "events"]
FIRST_PARTY = {*PACKAGES, "tests", "benchmarks", "manage"}


def distribution_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    runtime = {distribution_name(requirement) for requirement in project["dependencies"]}
    dev = {distribution_name(requirement) for requirement in project["optional-dependencies"]["dev"]}
    return runtime, dev


def imported_distributions(folders: list[str]) -> dict[str, str]:
    """The distributions the folders' modules import, each with one file that imports it."""
    providers = importlib.metadata.packages_distributions()
    found = {}
    for folder in folders:
        for path in sorted((PROJECT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.partition(".")[0]
                    if top in FIRST_PARTY or top in sys.stdlib_module_names:
                        continue
                    for distribution in providers.get(top, [top]):
                        found.setdefault(
                            distribution.lower().replace("_", "-"), str(path.relative_to(PROJECT))
                        )
    return found


def test_the_portal_declares_every_package_it_imports():
    runtime, _dev = declared()

    undeclared = {
        name: path for name, path in imported_distributions(PACKAGES).items() if name not in runtime
    }

    assert undeclared == {}


def test_the_tests_declare_every_package_they_import():
    runtime, dev = declared()

    undeclared = {
        name: path
        for name, path in imported_distributions(["tests", "benchmarks"]).items()
        if name not in runtime | dev
    }

    assert undeclared == {}


@pytest.mark.parametrize("name", ["requests", "pyjwt", "openpyxl", "tablib", "defusedxml"])
def test_the_packages_once_reached_only_through_others_are_declared(name):
    assert name in declared()[0]
