"""No test reads the clock when its module is imported.

The portal reads Helsinki's date per request; a date a test module read at import is yesterday's
in a run that crosses midnight (the suite takes minutes), and the test then fails for no fault of
the portal. A test reads the date when it runs (`timezone.localdate()` in the test or a fixture).
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CLOCK_READS = frozenset({"now", "today", "localdate", "localtime", "utcnow"})


def run_at_import(tree: ast.Module):
    """The nodes Python evaluates when it imports the module: everything but the bodies of
    functions and lambdas, and of those the decorators and default values."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending += node.decorator_list + node.args.defaults
            pending += [default for default in node.args.kw_defaults if default is not None]
            continue
        if isinstance(node, ast.Lambda):
            pending += node.args.defaults
            continue
        yield node
        pending += ast.iter_child_nodes(node)


def clock_reads_at_import(source: str) -> list[str]:
    calls = [node for node in run_at_import(ast.parse(source)) if isinstance(node, ast.Call)]
    return [
        f"{call.lineno}: {ast.unparse(call)}"
        for call in sorted(calls, key=lambda call: (call.lineno, call.col_offset))
        if getattr(call.func, "attr", getattr(call.func, "id", "")) in CLOCK_READS
    ]


def test_no_test_module_reads_the_clock_when_imported():
    found = {
        str(path.relative_to(TESTS)): reads
        for path in sorted(TESTS.rglob("*.py"))
        if (reads := clock_reads_at_import(path.read_text(encoding="utf-8")))
    }

    assert found == {}


def test_the_check_finds_a_date_read_at_import_and_only_there():
    source = """
TODAY = timezone.localdate()
NOW, YEAR = [timezone.now()], date.today().year

class Dates:
    start = datetime.datetime.now()

@pytest.mark.parametrize("day", [timezone.localdate()])
def test_day(day, when=timezone.localtime()):
    assert day == timezone.localdate()

later = lambda: date.today()
"""
    assert clock_reads_at_import(source) == [
        "2: timezone.localdate()",
        "3: timezone.now()",
        "3: date.today()",
        "6: datetime.datetime.now()",
        "8: timezone.localdate()",
        "9: timezone.localtime()",
    ]
