"""Whose records a run is about, and the language they want to be written to in.

A friendly visitor's pull request adds visit reports (and expenses) in their own
folder, `records/visits/<volunteer>/...`; when every record a run reports on is in
one volunteer's folder, the job summary and hints are written in that volunteer's
`preferred_language`. Evaluations are kept in the folder of the volunteer they are
about, but written by someone else, so they name no author.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from visits.i18n import LANGUAGES
from visits.yamlstrict import YamlRejected, load_bytes

AUTHORED = ("records/visits/", "records/expenses/")
MAX_VOLUNTEER_BYTES = 64 * 1024  # a volunteer record is a few hundred bytes


def author(paths: Iterable[str]) -> str | None:
    """The one volunteer whose folder holds every authored record of `paths`, if there is one."""
    folders = {path.split("/")[2] for path in paths if path.startswith(AUTHORED) and path.count("/") >= 3}
    return folders.pop() if len(folders) == 1 else None


def preferred_language(root: Path, paths: Iterable[str]) -> str | None:
    """The author's preferred language, or None when the author or their preference is unknown."""
    volunteer = author(paths)
    if volunteer is None or "/" in volunteer or volunteer.startswith("."):
        return None
    path = root / "records" / "volunteers" / f"{volunteer}.yaml"
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_VOLUNTEER_BYTES + 1)
        data = load_bytes(raw, str(path)).data if len(raw) <= MAX_VOLUNTEER_BYTES else None
    except (OSError, YamlRejected):
        return None
    language = data.get("preferred_language") if isinstance(data, dict) else None
    return language if language in LANGUAGES else None
