"""Renderers of a run's findings, chosen by name: text, json, github, markdown."""

from __future__ import annotations

import json
from collections import Counter

from visits.findings import Finding, Severity, plural


def _counts(findings: list[Finding]) -> tuple[int, int]:
    tally = Counter(found.severity for found in findings)
    return tally[Severity.ERROR], tally[Severity.WARNING]


def errors_first(findings: list[Finding]) -> list[Finding]:
    """The findings with every error before any warning, each group in the order given: every
    reporter shows them so, whoever sorted them (a job summary's table may be cut short)."""
    return sorted(findings, key=lambda found: found.severity is not Severity.ERROR)


def render_text(findings: list[Finding], records: int) -> str:
    lines = []
    for found in errors_first(findings):
        # continuation lines indented: every line that starts a finding is file:line:column
        message = found.message.replace("\n", "\n  ")
        lines.append(f"{found.file}:{found.line}:{found.column}: {found.severity.value} {found.code}: {message}")
        if found.hint:
            lines.append(f"  hint: {found.hint}")
    errors, warnings = _counts(findings)
    lines.append(f"{plural(records, 'record')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    return "\n".join(lines) + "\n"


def render_json(findings: list[Finding], records: int) -> str:
    payload = {
        "records": records,
        "findings": [
            {
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "severity": f.severity.value,
                "code": f.code,
                "message": f.message,
            }
            for f in errors_first(findings)
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: list[Finding], records: int) -> str:
    """Workflow commands: GitHub turns them into annotations on the pull request's diff."""
    lines = []
    for found in errors_first(findings):
        message = found.message + (f"\nhint: {found.hint}" if found.hint else "")
        lines.append(
            f"::{found.severity.value} file={_escape_property(found.file)},"
            f"line={found.line},col={found.column},title={_escape_property(found.code)}"
            f"::{_escape_data(message)}"
        )
    return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


MARKDOWN_ROWS = 200  # a job summary is limited in size; the annotations carry the rest


def render_markdown(findings: list[Finding], records: int) -> str:
    errors, warnings = _counts(findings)
    verdict = "❌ records need fixing" if errors else "✅ all records pass"
    lines = [
        f"## Record check: {verdict}",
        "",
        f"{plural(records, 'record')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}.",
        "",
    ]
    if findings:
        lines += ["| Where | Severity | Code | Problem | How to fix |", "|---|---|---|---|---|"]
        for found in errors_first(findings)[:MARKDOWN_ROWS]:
            lines.append(
                f"| `{_cell(found.file)}:{found.line}` | {found.severity.value} | "
                f"`{found.code}` | {_cell(found.message)} | {_cell(found.hint)} |"
            )
        if len(findings) > MARKDOWN_ROWS:
            lines += ["", f"…and {len(findings) - MARKDOWN_ROWS} more; see the annotations."]
    return "\n".join(lines) + "\n"


REPORTERS = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "markdown": render_markdown,
}
