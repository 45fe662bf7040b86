"""The README's "Who may do what" prints the processes as the code declares them."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

README = Path(settings.BASE_DIR) / "README.md"


def test_the_readme_tables_are_the_declared_processes(capsys):
    call_command("process_table")
    printed = capsys.readouterr().out
    block = re.search(r"<!-- processes -->\n(.*?)<!-- /processes -->", README.read_text(), re.DOTALL)
    assert block, "the README marks where the process tables go"
    assert block.group(1) == printed, "paste the output of `python manage.py process_table` in the README"
    assert "| Record the decision | Assessed, waiting for a decision | Active or Declined |" in printed
