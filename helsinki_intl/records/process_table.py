"""The registers' processes as tables in words, for the README's "Who may do what"."""

from django.utils import translation
from django.utils.text import capfirst

from .process import all_processes


def processes_markdown() -> str:
    """One Markdown table a register: each step, from which statuses to which, who takes it and
    what it needs. In English, as the README is."""
    with translation.override("en"):
        parts = []
        for process in sorted(all_processes(), key=lambda process: process.model._meta.label):
            opts = process.model._meta
            parts.append(f"**{capfirst(opts.verbose_name_plural)}**\n")
            parts.append("| step | from | to | who | needs |")
            parts.append("|---|---|---|---|---|")
            for step in process.steps:
                labels = dict(opts.get_field(step.field).flatchoices)
                sources = ", ".join(str(labels[status]) for status in step.sources)
                targets = " or ".join(str(labels[status]) for status in step.targets)
                needs = step.needs or "—"
                parts.append(f"| {step.label} | {sources} | {targets} | {step.who_label} | {needs} |")
            parts.append("")
        return "\n".join(parts).rstrip() + "\n"
