"""Upgrading records to their schema's version, by the smallest edit that does it.

A schema gets a new version when its records change meaning or gain a field
(visit version 2: `observations`). Each step from one version to the next is a
function of the record's text; the version bump itself is a textual edit of the
`schema_version:` line, so comments, key order, quoting and every other byte stay
as the volunteer wrote them. A step that had to change data would edit its own
lines the same way; none needs to yet.

Nothing is written unless the upgraded record passes its file's checks (strict
YAML and the new schema) and every write is atomic (yamlwrite.replace): a run
that fails or is killed leaves each record old or new, never half, and no
temporary file among the records. What cannot be upgraded is a finding, never
a silent skip.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from visits import engine, fastyaml
from visits.findings import Finding, error
from visits.layout import EXTENSION, KINDS, kind_of
from visits.reading import Unreadable, read_file
from visits.records import check_file
from visits.schemas import SchemaSet
from visits.yamlstrict import BYTES_PER_VALUE, YamlRejected, load_bytes
from visits.yamlwrite import replace


def _nothing_else(text: str) -> str:
    """A step whose new version only adds optional fields: the version bump is all."""
    return text


# (kind, version) -> the step that takes such a record's text to version + 1
STEPS: dict[tuple[str, int], Callable[[str], str]] = {
    ("visit", 1): _nothing_else,  # version 2 adds the optional `observations`
}

# `schema_version: 1`, with any comment after it: the only form edited by text
_VERSION_LINE = re.compile(r"(schema_version:[ \t]+)(\d+)([ \t]*(?:#[^\r\n]*)?\r?\n?)\Z")


@dataclass(frozen=True)
class Upgrade:
    path: str
    kind: str
    old: int
    new: int
    text: str  # the whole upgraded file


@dataclass
class Plan:
    upgrades: list[Upgrade] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    current: int = 0  # records already at their schema's version


def versions(schemas: SchemaSet) -> dict[str, int]:
    """Each kind's schema version, as its schema's `schema_version` const says."""
    return {kind: schema["properties"]["schema_version"]["const"] for kind, schema in schemas.schemas.items()}


def plan(root: Path, schemas: SchemaSet, limits: dict) -> Plan:
    """What `visits migrate` would change, reading every record file once."""
    result = Plan()
    targets = versions(schemas)
    for path in engine.start(root, use_cache=False).result().paths:
        kind = kind_of(path)
        if kind is None or not path.endswith(EXTENSION):
            continue  # not a record: `visits validate` says so
        outcome = _examine(root, path, kind.name, targets[kind.name], schemas, limits)
        if isinstance(outcome, Upgrade):
            result.upgrades.append(outcome)
        elif isinstance(outcome, Finding):
            result.findings.append(outcome)
        else:
            result.current += 1
    return result


def _examine(root, path, kind, target, schemas, limits) -> Upgrade | Finding | None:
    """The upgrade of one file, a finding saying why there is none, or None: it is current."""
    raw = read_file(root, path, limits["max_file_bytes"])
    if type(raw) is Unreadable:
        return error(path, 1, 1, raw.code, f"not migrated: {raw.reason}")
    data = fastyaml.read(raw, limits["max_depth"], limits["max_file_bytes"] // BYTES_PER_VALUE)
    if data is None:  # outside the fast reader's subset: the strict loader decides
        try:
            data = load_bytes(raw, path, max_bytes=limits["max_file_bytes"], max_depth=limits["max_depth"]).data
        except YamlRejected as exc:
            found = exc.finding
            return error(
                path,
                found.line,
                found.column,
                found.code,
                f"not migrated: {found.message}",
                "fix the file (`visits validate` says how), then run `visits migrate` again",
            )
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version == target and type(version) is int:
        return None
    if not isinstance(data, dict) or type(version) is not int or not 0 < version < target:
        return error(
            path,
            1,
            1,
            "schema-version",
            f"not migrated: schema_version {version!r} is no earlier version of the {kind} schema (now {target})",
            f"set schema_version to a version from 1 to {target}; `visits validate` says more",
        )
    return _upgrade(path, raw, kind, version, target, schemas, limits)


def _upgrade(path, raw, kind, version, target, schemas, limits) -> Upgrade | Finding:
    text = raw.decode("utf-8")  # the loader has read it, so it is UTF-8
    for step_from in range(version, target):
        step = STEPS.get((kind, step_from))
        if step is None:
            return error(
                path,
                1,
                1,
                "migration-missing",
                f"not migrated: no upgrade of {kind} records from version {step_from} to {step_from + 1}",
                "report this: every schema version needs an upgrade step in visits/migrate.py",
            )
        text = step(text)
    bumped = _bump(text, target, path)
    if isinstance(bumped, Finding):
        return bumped
    after = check_file(path, bumped.encode("utf-8"), schemas, limits, KINDS[kind])
    if after.findings:
        first = after.findings[0]
        return error(
            path,
            first.line,
            first.column,
            "migration-failed",
            f"not migrated: the upgraded record would not pass its checks ({first.code}: {first.message})",
            "fix that first (`visits validate` lists it), then run `visits migrate` again",
        )
    return Upgrade(path, kind, version, target, bumped)


def _bump(text: str, target: int, path: str) -> str | Finding:
    """The text with its top-level `schema_version:` line set to `target`, nothing else moved."""
    lines = text.splitlines(keepends=True)
    at = [index for index, line in enumerate(lines) if line.startswith("schema_version:")]
    matched = _VERSION_LINE.match(lines[at[0]]) if len(at) == 1 else None
    if matched is None:
        line = at[0] + 1 if at else 1
        return error(
            path,
            line,
            1,
            "migration-failed",
            "not migrated: the version is not on a line of its own as `schema_version: N`",
            f"write it so (at the start of a line), or set it to {target} by hand and add what the new version needs",
        )
    lines[at[0]] = matched.group(1) + str(target) + matched.group(3)
    return "".join(lines)


def apply(root: Path, upgrades: list[Upgrade], findings: list[Finding]) -> list[Upgrade]:
    """Write the upgrades, each atomically; the ones written (a failed write is a finding)."""
    written = []
    for upgrade in upgrades:
        try:
            replace(root / upgrade.path, upgrade.text)
        except OSError as exc:
            findings.append(
                error(
                    upgrade.path,
                    1,
                    1,
                    "unwritable-file",
                    f"not migrated: the file could not be written ({exc.strerror or exc})",
                    "check the folder's permissions and free space, then run `visits migrate` again",
                )
            )
            continue
        written.append(upgrade)
    return written
