"""Renderers of a run's findings, chosen by name: text, json, github, markdown.

Text for people (text, github annotations, the markdown job summary) is in the
translator's language: headings and counts from the catalogue, each finding's
message and hint through `visits.i18n.findings`. JSON stays language-neutral: codes,
with the checks' own English messages.
"""

from __future__ import annotations

import json
from collections import Counter

from visits.findings import Finding, Severity
from visits.i18n import Translator, translator
from visits.i18n.findings import translate


def _counts(findings: list[Finding]) -> tuple[int, int]:
    tally = Counter(found.severity for found in findings)
    return tally[Severity.ERROR], tally[Severity.WARNING]


def errors_first(findings: list[Finding]) -> list[Finding]:
    """The findings with every error before any warning, each group in the order given: every
    reporter shows them so, whoever sorted them (a job summary's table may be cut short)."""
    return sorted(findings, key=lambda found: found.severity is not Severity.ERROR)


def _tally(findings: list[Finding], records: int, t: Translator) -> str:
    errors, warnings = _counts(findings)
    return t.gettext("{records} checked: {errors}, {warnings}").format(
        records=t.ngettext("{count} record", "{count} records", records).format(count=records),
        errors=t.ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=t.ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    )


def _severity(found: Finding, t: Translator) -> str:
    return t.gettext("error") if found.severity is Severity.ERROR else t.gettext("warning")


def render_text(findings: list[Finding], records: int, t: Translator | None = None) -> str:
    t = t or translator("en")
    lines = []
    for found in errors_first(findings):
        text, hint = translate(t, found)
        # continuation lines indented: every line that starts a finding is file:line:column
        message = text.replace("\n", "\n  ")
        lines.append(f"{found.file}:{found.line}:{found.column}: {_severity(found, t)} {found.code}: {message}")
        if hint:
            lines.append("  " + t.gettext("hint: {hint}").format(hint=hint))
    lines.append(_tally(findings, records, t))
    return "\n".join(lines) + "\n"


def render_json(findings: list[Finding], records: int, t: Translator | None = None) -> str:
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


def render_github(findings: list[Finding], records: int, t: Translator | None = None) -> str:
    """Workflow commands: GitHub turns them into annotations on the pull request's diff."""
    t = t or translator("en")
    lines = []
    for found in errors_first(findings):
        text, hint = translate(t, found)
        message = text + ("\n" + t.gettext("hint: {hint}").format(hint=hint) if hint else "")
        lines.append(
            f"::{found.severity.value} file={_escape_property(found.file)},"
            f"line={found.line},col={found.column},title={_escape_property(found.code)}"
            f"::{_escape_data(message)}"
        )
    return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


MARKDOWN_ROWS = 200  # a job summary is limited in size; the annotations carry the rest


def render_markdown(findings: list[Finding], records: int, t: Translator | None = None) -> str:
    t = t or translator("en")
    errors, _ = _counts(findings)
    verdict = "❌ " + t.gettext("records need fixing") if errors else "✅ " + t.gettext("all records pass")
    lines = [
        "## " + t.gettext("Record check: {verdict}").format(verdict=verdict),
        "",
        _tally(findings, records, t) + ".",
        "",
    ]
    if findings:
        header = (
            t.gettext("Where"),
            t.gettext("Severity"),
            t.gettext("Code"),
            t.gettext("Problem"),
            t.gettext("How to fix"),
        )
        lines += ["| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
        for found in errors_first(findings)[:MARKDOWN_ROWS]:
            text, hint = translate(t, found)
            lines.append(
                f"| `{_cell(found.file)}:{found.line}` | {_severity(found, t)} | "
                f"`{found.code}` | {_cell(text)} | {_cell(hint)} |"
            )
        if len(findings) > MARKDOWN_ROWS:
            more = len(findings) - MARKDOWN_ROWS
            lines += ["", t.gettext("…and {count} more; see the annotations.").format(count=more)]
    return t.typography("\n".join(lines)) + "\n"


REPORTERS = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "markdown": render_markdown,
}
