"""Which records a change puts in question: the files whose findings it may have caused."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from visits.engine.incremental import whole_results
from visits.engine.ties import TIED, assignment_paths, assignments_of, split, ties
from visits.gitdiff import Changes, previous_version
from visits.layout import RECORDS, kind_of
from visits.rules.integrity import REFERENCES, walk
from visits.yamlstrict import YamlRejected, load_bytes


def _record_key(path: str) -> tuple[str, str] | None:
    """(kind, id) of a record path; every kind's file name is its id."""
    kind = kind_of(path)
    return (kind.name, PurePosixPath(path).stem) if kind else None


def affected_files(corpus, changes: Changes) -> set[str] | None:
    """Files whose findings the change may have caused; None when it may be any file.

    Besides the changed files: records that refer to a changed or deleted record
    (a deleted assignment breaks its visits), records sharing an id with a changed
    one (the duplicate may be reported on the older file), and visits on the same
    day as a changed visit (an overlap is reported on the later of the two).
    """
    if changes.touches_everything:
        return None
    touched = {path for path in changes.changed | changes.deleted if path.startswith(RECORDS + "/")}
    keys = {key for path in touched if (key := _record_key(path))}
    changed_days = {record.data["date"] for record in corpus.of("visit") if record.path in touched}
    affected = {path for path in changes.changed if path.startswith(RECORDS + "/")}
    for kind, pattern, target, _code in REFERENCES:
        for record in corpus.of(kind):
            if any((target, value) in keys for _path, value in walk(record.data, pattern)):
                affected.add(record.path)
    for record in corpus.records:
        if (record.kind, record.id) in keys or (record.kind == "visit" and record.data["date"] in changed_days):
            affected.add(record.path)
    return affected


def only_tied_kinds(changes: Changes) -> bool:
    """Whether the change touches visits and expenses only, which the memo's ties can follow."""
    touched = [path for path in changes.changed | changes.deleted if path.startswith(RECORDS + "/")]
    return not changes.touches_everything and all(
        (kind := kind_of(path)) is not None and kind.name in TIED for path in touched
    )


def affected_through_ties(root: Path, memo, changes: Changes) -> set[str]:
    """affected_files for a change of visits and expenses, from the memo of the run (see ties.py):
    the changed files, the files sharing a tie with them before or after the change, and the
    assignments they name. Their versions at the base are read from Git for the ties they had."""
    whole = whole_results(memo)
    assignments = assignments_of(whole)
    touched = {path for path in changes.changed | changes.deleted if path.startswith(RECORDS + "/")}
    tied = {tie for path in touched for tie in memo.ties_of(path)}
    for path in touched:
        before = previous_version(root, changes.base, path)
        if before is not None:
            kind = kind_of(path)
            assert kind is not None, path  # callers come here only when only_tied_kinds(changes)
            try:
                tied.update(ties(kind.name, load_bytes(before, path).data, assignments))
            except YamlRejected:
                pass  # it was broken at the base: it tied nothing
    peers, named = split(tied)
    affected = {path for path in changes.changed if path.startswith(RECORDS + "/")}
    affected.update(*memo.members(peers).values())
    return affected | assignment_paths(whole, named)
