"""The packages' imports run one way: no package imports one that imports it back.

A package is a top-level app (`networks`...) or a part of the project package
(`helsinki_intl.records`, `helsinki_intl.permissions`...). Every import counts, those inside
functions too: a circle through a function is still a circle a newcomer has to untangle.
"""

import ast
import graphlib
import itertools
import pathlib
from collections import defaultdict

from tests.layout import top_level_packages

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROJECT = "helsinki_intl"
TOP_LEVEL = top_level_packages()


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == PROJECT and len(parts) > 1 else parts[0]


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").exists()


def imported_modules(path: pathlib.Path) -> set[str]:
    """The project's modules the file imports; `from package import module` names the module."""
    own = module_name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                names.add(submodule if is_module(submodule) else module)
    return {name for name in names if name.split(".")[0] in TOP_LEVEL}


def package_imports() -> dict[str, dict[str, set[str]]]:
    """For each package, the packages it imports and, for each, the modules that do."""
    imports = defaultdict(lambda: defaultdict(set))
    for top in TOP_LEVEL:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = package_of(module_name(path))
            for name in imported_modules(path):
                if (target := package_of(name)) != source:
                    imports[source][target].add(module_name(path))
    return imports


def test_the_graph_reads_relative_imports_and_imports_inside_functions():
    imports = package_imports()
    # `from .records.lookups import ...` in helsinki_intl/urls.py
    assert "helsinki_intl.urls" in imports["helsinki_intl.urls"]["helsinki_intl.records"]
    # `from helsinki_intl import permissions` inside the organisation app's `ready()`
    organisation = imports["helsinki_intl.organisation"]
    assert "helsinki_intl.organisation.apps" in organisation["helsinki_intl.permissions"]
    assert "networks.models" in imports["networks"]["helsinki_intl.records"]


def test_no_package_imports_one_that_imports_it_back():
    imports = package_imports()
    graph = {source: set(targets) for source, targets in imports.items()}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        circle = error.args[1][::-1]  # the error lists each node before the one that imports it
        steps = [
            f"{source} -> {target} ({', '.join(sorted(imports[source][target]))})"
            for source, target in itertools.pairwise(circle)
        ]
        raise AssertionError("The imports form a circle:\n" + "\n".join(steps)) from None


def test_the_reference_apps_build_on_the_records_package_and_not_the_other_way():
    imports = package_imports()
    assert "helsinki_intl.records" in imports["helsinki_intl.organisation"]
    assert "helsinki_intl.records" in imports["helsinki_intl.strategy"]
    assert "helsinki_intl.organisation" not in imports["helsinki_intl.records"]
    assert "helsinki_intl.strategy" not in imports["helsinki_intl.records"]
