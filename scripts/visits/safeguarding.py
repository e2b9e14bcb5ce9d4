"""The safeguarding fast path: concerns a change adds, so the coordinators act today.

A concern counts as added when a visit in the change lists it and the same file
at the base commit did not (a new report, or a concern ticked afterwards).
Only the person's code, the visit date and the kind of concern are passed on:
never the notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from visits.gitdiff import Changes, previous_version
from visits.github import mention
from visits.yamlstrict import YamlRejected, load_bytes


@dataclass(frozen=True)
class AddedConcern:
    path: str
    person: str
    date: str
    concerns: tuple[str, ...]


def _concerns_before(root, base: str, path: str) -> set[str]:
    raw = previous_version(root, base, path)
    if raw is None:
        return set()
    try:
        data = load_bytes(raw, path).data
    except YamlRejected:
        return set()  # an unreadable old version had no concern anyone could act on
    concerns = data.get("concerns") if isinstance(data, dict) else None
    return set(concerns) if isinstance(concerns, list) else set()


def added_concerns(root, corpus, changes: Changes) -> list[AddedConcern]:
    """Visits in the change with concerns their base version did not have, by date then path."""
    found = []
    for visit in corpus.of("visit"):
        if visit.path not in changes.changed or not visit.data.get("concerns"):
            continue
        before = _concerns_before(root, changes.base, visit.path)
        new = tuple(kind for kind in visit.data["concerns"] if kind not in before)
        assignment = corpus.get("assignment", visit.data["assignment"])
        if new:
            person = assignment.data["person"] if assignment else "unknown person"
            found.append(AddedConcern(visit.path, person, visit.data["date"], new))
    return sorted(found, key=lambda item: (item.date, item.path))


def as_json(found: list[AddedConcern]) -> dict:
    return {
        "urgent": bool(found),
        "visits": [
            {"path": item.path, "person": item.person, "date": item.date, "concerns": list(item.concerns)}
            for item in found
        ],
    }


def comment(found: list[AddedConcern], coordinators: str) -> str:
    """The pull-request comment that alerts the coordinator team."""
    lines = [
        f"**Safeguarding concern reported.** {mention(coordinators)}: please make sure "
        "someone acts today; the review of the wording can wait.",
        "",
        "| Person | Visit date | Concern |",
        "|---|---|---|",
    ]
    lines += [f"| `{item.person}` | {item.date} | {', '.join(item.concerns)} |" for item in found]
    lines += [
        "",
        "The referent reviews the report as usual. See the guide *Review a report as "
        "referent*, section *Urgent pull requests*.",
    ]
    return "\n".join(lines) + "\n"


def as_text(found: list[AddedConcern]) -> str:
    if not found:
        return "no safeguarding concern added\n"
    return "".join(f"{item.path}: {item.person} {item.date}: {', '.join(item.concerns)}\n" for item in found)
