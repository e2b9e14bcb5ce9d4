"""Which files a change touches, and which records that puts in question.

A change is everything since the merge base of REF and HEAD: the commits of the
branch plus what is staged, modified or untracked in the working tree. On CI the
working tree is the commit, so this is the pull request's diff; on a laptop it
also covers the edit not yet committed, which is what a pre-push check wants.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from visits.incremental import whole_results
from visits.layout import RECORDS, kind_of
from visits.rules.integrity import REFERENCES, walk
from visits.ties import TIED, assignment_paths, assignments_of, split, ties
from visits.yamlstrict import YamlRejected, load_bytes

# A change under these paths can alter the verdict on any record: check them all.
EVERYTHING = ("schemas/", "scripts/visits/", "visits.yml")


class GitError(Exception):
    """Git could not answer (no repository, unknown ref); the message says what to do."""


@dataclass(frozen=True)
class Changes:
    base: str  # commit the change is measured from
    changed: frozenset[str]  # added or modified, repository-relative
    deleted: frozenset[str]

    @property
    def touches_everything(self) -> bool:
        return any(path.startswith(EVERYTHING) for path in self.changed | self.deleted)


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _names(output: str) -> frozenset[str]:
    return frozenset(name for name in output.split("\0") if name)


def changed_since(root: Path, ref: str) -> Changes:
    """Files added, modified or deleted since the merge base of `ref` and HEAD."""
    if ref.startswith("-"):  # would be read as an option
        raise GitError(f"'{ref}' is not a branch or commit")
    try:
        base = _git(root, "merge-base", ref, "HEAD").strip()
    except GitError as exc:
        raise GitError(
            f"cannot compare with '{ref}': {exc} (is it a branch or commit of this "
            "repository? on CI, fetch it first, e.g. with fetch-depth: 0)"
        ) from None
    # --relative: paths as seen from root, even when root is a folder inside the repository
    diff = ("diff", "--name-only", "--no-renames", "--relative", "-z")
    changed = _names(_git(root, *diff, "--diff-filter=d", base))
    deleted = _names(_git(root, *diff, "--diff-filter=D", base))
    untracked = _names(_git(root, "ls-files", "--others", "--exclude-standard", "-z"))
    return Changes(base, changed | untracked, deleted)


def previous_version(root: Path, base: str, path: str) -> bytes | None:
    """A file's content at the base commit, or None if it did not exist there."""
    done = subprocess.run(["git", "show", f"{base}:./{path}"], cwd=root, capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


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
