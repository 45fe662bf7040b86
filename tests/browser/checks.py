"""What every page must pass: axe-core's accessibility rules, the Nu HTML Checker, one h1 and the
page's language.

Each check returns a list of problems as readable lines (empty when the page passes), so that a
walk can report every page's problems at once.
"""

import json
import subprocess
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FAILING_IMPACTS = {"serious", "critical"}


def load_axe(context) -> None:
    """Loads axe-core into every page the browser context opens (faster than one page at a time)."""
    context.add_init_script(path=AXE)


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page, with the elements they concern."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # a page not opened by navigation
        page.add_script_tag(path=AXE)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            problems.append(
                f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
            )
    return problems


def structure_problems(page, language: str) -> list[str]:
    problems = []
    lang = page.get_attribute("html", "lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">, expected "{language}"')
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} h1 elements, expected exactly one")
    return problems


def html_problems(documents: dict) -> dict:
    """The Nu HTML Checker's errors in each document ({key: HTML} to {key: errors}), in one run."""
    if not documents:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(  # nosec B603 B607 # a fixed command on files of our own
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"The Nu HTML Checker did not run: {result.stderr}") from None
    problems: dict[str, list[str]] = {}
    for message in messages:
        name = files.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
        line = message.get("lastLine", "?")
        problems.setdefault(name, []).append(f"vnu line {line}: {message['message']}")
    return problems
