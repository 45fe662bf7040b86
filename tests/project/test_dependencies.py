"""Every package the code imports is declared in pyproject.toml, not only reached through another
package's dependencies: the portal's code in `dependencies`, the tests' in the `dev` extra. Every
package installed comes from a lock file with its hashes (`make lock` writes them): the image
installs requirements/base.txt, `make install` (so CI) requirements/dev.txt."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.layout import top_level_packages

PROJECT = Path(settings.BASE_DIR)
PACKAGES = top_level_packages()
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


LOCKS = {"base": PROJECT / "requirements" / "base.txt", "dev": PROJECT / "requirements" / "dev.txt"}


def lock_entries(lock: str) -> list[list[str]]:
    """The lock file's entries, each as its words: a requirement and its options."""
    text = LOCKS[lock].read_text().replace("\\\n", " ")
    return [line.split() for line in text.splitlines() if line.split() and not line.lstrip().startswith("#")]


def pins(lock: str) -> dict[str, str]:
    """The lock file's versions by canonical package name."""
    found = {}
    for requirement, *_options in lock_entries(lock):
        name, _equals, version = requirement.partition("==")
        found[canonicalize_name(name.partition("[")[0])] = version
    return found


def declared_requirements() -> dict[str, list[Requirement]]:
    """pyproject.toml's requirements for each lock: base the portal's and its build backend's, dev
    those and the dev extra's."""
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text())
    base = [Requirement(text) for text in pyproject["project"]["dependencies"]]
    base += [Requirement(text) for text in pyproject["build-system"]["requires"]]
    dev = [Requirement(text) for text in pyproject["project"]["optional-dependencies"]["dev"]]
    return {"base": base, "dev": base + dev}


def shell_commands(path: Path) -> list[str]:
    """The file's lines, with the lines a backslash continues joined to them."""
    return path.read_text().replace("\\\n", " ").splitlines()


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_to_one_version_with_its_hashes(lock):
    entries = lock_entries(lock)

    unpinned_or_unhashed = [
        words
        for words in entries
        if not re.fullmatch(r"[A-Za-z0-9._-]+(\[[a-z0-9,_-]+\])?==[A-Za-z0-9.+!-]+", words[0])
        or not words[1:]
        or any(not re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", option) for option in words[1:])
    ]
    assert len(entries) > 40
    assert unpinned_or_unhashed == []


@pytest.mark.parametrize("lock", LOCKS)
def test_every_declared_package_is_locked_at_a_version_pyproject_allows(lock):
    locked = pins(lock)

    unlocked = []
    for requirement in declared_requirements()[lock]:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unlocked.append((str(requirement), version))
    assert unlocked == []


def test_the_tests_run_the_versions_the_image_runs():
    base, dev = pins("base"), pins("dev")

    assert {
        name: (version, dev.get(name)) for name, version in base.items() if dev.get(name) != version
    } == {}


def test_the_locks_are_resolved_for_the_python_of_the_image():
    [image_python] = re.findall(
        r"^FROM python:(\d+\.\d+)\.", (PROJECT / "Dockerfile").read_text(), flags=re.M
    )

    for lock, path in LOCKS.items():
        assert f"autogenerated by pip-compile with Python {image_python}\n" in path.read_text(), lock


@pytest.mark.parametrize(
    ("path", "pip", "lock"),
    [
        ("Makefile", "$(BIN)/pip install", "requirements/dev.txt"),
        ("Dockerfile", "pip install", "requirements/base.txt"),
    ],
)
def test_every_install_checks_the_lock_s_hashes_or_installs_the_project_alone(path, pip, lock):
    installs = [command for command in shell_commands(PROJECT / path) if pip in command]
    from_the_lock = [command for command in installs if f"--require-hashes -r {lock}" in command]
    the_project_alone = [
        command for command in installs if re.search(r"--no-deps --no-build-isolation -e \.$", command)
    ]

    assert len(from_the_lock) == 1
    assert len(the_project_alone) == 1
    assert installs == from_the_lock + the_project_alone


def test_a_changed_lock_reinstalls_and_ci_installs_through_make():
    [prerequisites] = re.findall(r"^\$\(INSTALLED\): (.*)$", (PROJECT / "Makefile").read_text(), flags=re.M)
    [locks] = re.findall(r"^LOCKS := (.*)$", (PROJECT / "Makefile").read_text(), flags=re.M)

    assert "$(LOCKS)" in prerequisites.split()
    assert set(locks.split()) == {str(path.relative_to(PROJECT)) for path in LOCKS.values()}
    assert "pip install" not in (PROJECT / ".ci" / "run").read_text()


@pytest.mark.parametrize("lock", LOCKS)
def test_a_package_wanted_with_extras_is_locked_with_them(lock):
    """pip's hash-checking mode refuses a package another asks for with extras (pip-audit's
    `CacheControl[filecache]`) unless the lock pins it with those extras: otherwise a newer
    release of that package alone breaks the install."""
    requirements = [words[0] for words in lock_entries(lock)]

    assert "celery[redis]==" in " ".join(requirements)
    if lock == "dev":
        assert any(requirement.startswith("cachecontrol[filecache]==") for requirement in requirements)
