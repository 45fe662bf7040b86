"""The files a city publishes with its code: the licence, the changelog, how to contribute, and a
pre-commit configuration running the same ruff as `make lint`."""

import importlib.metadata
from pathlib import Path

import yaml
from django.conf import settings

PROJECT = Path(settings.BASE_DIR)


def test_the_code_is_published_under_the_mit_license():
    license_text = (PROJECT / "LICENSE").read_text()

    assert license_text.startswith("MIT License\n")
    assert "City of Helsinki" in license_text


def test_the_changelog_has_a_section_for_what_is_not_released_yet():
    changelog = (PROJECT / "CHANGELOG.md").read_text()

    assert "## [Unreleased]" in changelog
    assert "## [0.1.0]" in changelog


def test_contributing_says_how_to_run_test_and_translate():
    contributing = (PROJECT / "CONTRIBUTING.md").read_text()

    for words in ("make run", "make test", "make lint", "make messages", "make lock", "pre-commit install"):
        assert words in contributing, words


def test_pre_commit_runs_the_ruff_the_project_installs():
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())

    [ruff] = [repo for repo in config["repos"] if repo["repo"].endswith("/ruff-pre-commit")]
    assert {hook["id"] for hook in ruff["hooks"]} == {"ruff", "ruff-format"}
    assert ruff["rev"] == f"v{importlib.metadata.version('ruff')}"


def test_the_readme_has_an_operations_section():
    readme = (PROJECT / "README.md").read_text()

    section = readme.split("\n## Operations\n", 1)[1].split("\n## ", 1)[0]
    headings = ["### gunicorn", "### Logs", "### Error reports (Sentry)", "### Health checks", "### Backups"]
    for heading in headings:
        assert heading in section, heading
