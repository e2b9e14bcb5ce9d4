"""Which records a change puts in question: the files whose findings it may have caused."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from visits.engine.incremental import whole_results
from visits.engine.memo import Memo
from visits.engine.ties import TIED, assignments_of, reached, ties
from visits.gitdiff import Changes, previous_version
from visits.layout import RECORDS, kind_of
from visits.records import Corpus
from visits.rules.integrity import REFERENCES, walk
from visits.yamlstrict import YamlRejected, load_bytes


def _record_key(path: str) -> tuple[str, str] | None:
    """(kind, id) of a record path; every kind's file name is its id."""
    kind = kind_of(path)
    return (kind.name, PurePosixPath(path).stem) if kind else None


def affected(root: Path, memo: Memo, changes: Changes, corpus: Corpus | None = None) -> set[str] | None:
    """Files whose findings the change may have caused; None when it may be any file.

    Besides the changed files: those the declared ties of the changed visits and expenses
    reach, as the memo of this run has them and as the files had them at the base (read from
    Git), through ties.reached, which the memo's re-check uses too; and for a change to any
    other kind (then `corpus` holds every record) the records that refer to a changed or
    deleted record (a deleted assignment breaks its visits) or share its id.
    """
    if changes.touches_everything:
        return None
    whole = whole_results(memo)
    assignments = assignments_of(whole)
    touched = {path for path in changes.changed | changes.deleted if path.startswith(RECORDS + "/")}
    tied = {tie for path in touched for tie in memo.ties_of(path)}
    others = set()
    for path in touched:
        kind = kind_of(path)
        if kind is None or kind.name not in TIED:
            others.add(path)
            continue
        before = previous_version(root, changes.base, path)
        if before is not None:
            try:
                tied.update(ties(kind.name, load_bytes(before, path).data, assignments))
            except YamlRejected:
                pass  # it was broken at the base: it tied nothing
    found = {path for path in changes.changed if path.startswith(RECORDS + "/")} | reached(memo, tied, whole)
    if others:
        assert corpus is not None, "a change to records without ties is judged with every record loaded"
        found |= _referring(corpus, {key for path in others if (key := _record_key(path))})
    return found


def _referring(corpus: Corpus, keys: set[tuple[str, str]]) -> set[str]:
    """The records referring to these (kind, id), or sharing one."""
    found = set()
    for kind, pattern, target, _code in REFERENCES:
        for record in corpus.of(kind):
            if any((target, value) in keys for _path, value in walk(record.data, pattern)):
                found.add(record.path)
    return found | {record.path for record in corpus.records if (record.kind, record.id) in keys}


def only_tied_kinds(changes: Changes) -> bool:
    """Whether the change touches visits and expenses only, which the memo's ties can follow."""
    touched = [path for path in changes.changed | changes.deleted if path.startswith(RECORDS + "/")]
    return not changes.touches_everything and all(
        (kind := kind_of(path)) is not None and kind.name in TIED for path in touched
    )
