"""Which files a change touches, as Git tells: since the merge base of REF and HEAD.

A change is everything since the merge base of REF and HEAD: the commits of the
branch plus what is staged, modified or untracked in the working tree. On CI the
working tree is the commit, so this is the pull request's diff; on a laptop it
also covers the edit not yet committed, which is what a pre-push check wants.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from visits.errors import GitError

# A change under these paths can alter the verdict on any record: check them all.
EVERYTHING = ("schemas/", "scripts/visits/", "visits.yml")


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
