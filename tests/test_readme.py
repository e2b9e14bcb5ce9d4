"""The README stays true: its test command is what CI runs, its code table names every code."""

from __future__ import annotations

import re

from visits.config import RULE_SEVERITY
from visits.findings import HINTS

from conftest import REPO


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert ("visits site" in commands[0] or "visits serve" in commands[0]) and "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert ci_lines[-1] == quick_start_commands()[1]


def test_code_table_names_every_code_and_nothing_else():
    section = readme().split("<!-- codes:", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"`([a-z0-9-]+)`", section))
    known = set(HINTS) | set(RULE_SEVERITY)
    assert known - listed == set(), "codes missing from the README"
    assert listed - known == set(), "README lists codes that do not exist"
