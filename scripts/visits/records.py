"""Reading every record of a repository into one index, with the per-file checks.

Each file is checked on its own first (strict YAML, then its kind's schema); that
step is pure, so it can run in worker processes and be cached by content. The
records that pass it are the ones other records are judged against; the ids of
every record that has one are known, so one broken file does not cascade into
"unknown id" errors everywhere else. A record with schema errors is still judged
itself by each rule whose fields it holds sound (see Corpus.judged), so that one
run reports every problem, not one round after another.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from visits import fastyaml
from visits.findings import Finding, error, warning
from visits.layout import EXTENSION, KINDS, Kind, kind_of
from visits.reading import Unreadable, read_file
from visits.schemas import SchemaSet
from visits.yamlstrict import BYTES_PER_VALUE, HARDEST_MAX_DEPTH, Document, YamlRejected, load_bytes, load_text

COMPACT_DEPTH = 256  # deeper than any loader goes (HARDEST_MAX_DEPTH); _plainyaml.h says the same
_ESCAPES = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4})")  # as scan.escaped writes them


def compact(value):
    """The same value with its keys and short texts interned: 100,000 records repeat the same
    field names, dates, ids and words, and sharing one copy of each saves hundreds of MB
    (the memo then stores and loads each of them once)."""
    if fastyaml.COMPILED:
        return fastyaml.compact(value)
    return _compact(value)


def _compact(value, depth: int = 0):
    if depth > COMPACT_DEPTH:  # as the compiled one: below, the value stays as it is
        return value
    if isinstance(value, dict):
        return {sys.intern(key): _compact(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_compact(item, depth + 1) for item in value]
    if isinstance(value, str) and len(value) <= 40:
        return sys.intern(value)
    return value


@dataclass(slots=True)
class FileResult:
    """One file after its own checks; a valid one is a record (see Record)."""

    path: str  # relative to the repository root, with forward slashes
    kind: str | None
    data: Any  # a JSON-like value as read (a dict for a record); None when the file could not be parsed
    findings: list[Finding]

    @property
    def valid(self) -> bool:
        return self.kind is not None and not self.findings and isinstance(self.data, dict)

    @property
    def id(self) -> str:
        return self.data["id"]


# A record is a valid FileResult: its kind is known and its data a schema-valid dict.
# No copy is made (180,000 of them cost a second).
Record = FileResult


def check_file(path: str, raw: bytes, schemas: SchemaSet, limits: dict, kind: Kind | None = None) -> FileResult:
    """Strict parse and schema check of one file: the unit of caching and parallelism.
    Its data comes compacted (see compact). `kind` is kind_of(path), when the caller has it."""
    kind = kind or kind_of(path)
    if "\\" in path:  # the scan escaped what a name must not hold (see scan.escaped)
        shown = ", ".join(dict.fromkeys(_ESCAPES.findall(path))) or "\\"
        return FileResult(
            path,
            None,
            None,
            [
                error(
                    path,
                    1,
                    1,
                    "bad-file-name",
                    "the file name holds a control character, a backslash "
                    f"or a byte that is not UTF-8 (shown here as {shown})",
                )
            ],
        )
    if type(raw) is Unreadable:
        return FileResult(
            path, kind.name if kind else None, None, [error(path, 1, 1, raw.code, f"not read: {raw.reason}")]
        )
    if not path.endswith(EXTENSION):
        return FileResult(path, None, None, [error(path, 1, 1, "bad-extension", f"record files end in {EXTENSION}")])
    if kind is None:
        return FileResult(path, None, None, [error(path, 1, 1, "unknown-kind", "this folder holds no kind of record")])
    max_bytes, max_depth = limits["max_file_bytes"], limits["max_depth"]
    data = fastyaml.read(raw, max_depth, max_bytes // BYTES_PER_VALUE) if len(raw) <= max_bytes else None
    document = None
    if data is None:  # outside the plain subset: decode() and the strict loader decide, with positions
        try:
            document = load_bytes(raw, path, max_bytes=max_bytes, max_depth=max_depth)
        except YamlRejected as exc:
            return FileResult(path, kind.name, None, [exc.finding])
        data = compact(document.data)
    if data is None:
        return FileResult(path, kind.name, None, [error(path, 1, 1, "empty-file", "the file is empty")])
    if not isinstance(data, dict):
        return FileResult(
            path, kind.name, None, [error(path, 1, 1, "not-a-mapping", "a record must be a set of fields")]
        )
    findings = []
    problems = schemas.check(kind.name, data)
    if problems and document is None:
        try:
            document = load_bytes(raw, path, max_bytes=max_bytes, max_depth=max_depth)
        except YamlRejected as exc:  # the fast reader went too far: the strict loader decides
            return FileResult(path, kind.name, None, [exc.finding])
    for problem in problems:
        assert document is not None  # loaded above whenever there are problems to place
        line, column = document.locate(problem.path)
        findings.append(error(path, line, column, problem.code, problem.message, problem.hint))
    return FileResult(path, kind.name, data, findings)


@dataclass
class Corpus:
    """All records of a repository, indexed, plus what the per-file checks found."""

    root: Path
    results: list[FileResult]
    records: list[Record] = field(default_factory=list)
    by_kind: dict[str, dict[str, Record]] = field(default_factory=dict)
    known_ids: dict[str, set[str]] = field(default_factory=dict)
    files: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # path -> (stat stamp, digest)
    # the files whose findings are wanted, when only some are (see incremental.py); None: all
    focus: set[str] | None = None
    # to tell the sound fields of a record with schema errors; without it, such records sit out the rules
    schemas: SchemaSet | None = None
    _documents: dict[str, Document] = field(default_factory=dict, repr=False)
    _lists: dict[str, list[Record]] = field(default_factory=dict, repr=False)
    _invalid: list[FileResult] = field(default_factory=list, repr=False)
    _partials: dict[str, list[tuple[Record, frozenset, frozenset]]] | None = field(default=None, repr=False)
    _misnamed: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for name in KINDS:
            self.by_kind.setdefault(name, {})
            self.known_ids.setdefault(name, set())
            self._lists.setdefault(name, [])
        for result in self.results:
            data = result.data
            if result.kind and isinstance(data, dict) and isinstance(data.get("id"), str):
                self.known_ids[result.kind].add(data["id"])
                if not result.findings:  # valid: a record
                    self.records.append(result)
                    self._lists[result.kind].append(result)
                    self.by_kind[result.kind].setdefault(data["id"], result)
                else:
                    self._invalid.append(result)

    @property
    def file_findings(self) -> list[Finding]:
        return [found for result in self.results for found in result.findings]

    def of(self, kind: str, needs: tuple[str, ...] | None = None, optional: tuple[str, ...] = ()) -> list[Record]:
        """The valid records of one kind, in path order (do not modify the list).

        With `needs`, also the records with schema errors whose fields `needs` are present
        and sound and whose fields `optional` are sound where present: a rule reading only
        those fields can judge them as it does a valid record. Such a record's data holds
        its sound fields only, so a field the rule did not name reads as absent.
        """
        valid = self._lists[kind]
        if needs is None or not self._invalid:
            return valid
        partial = [
            record
            for record, present, broken in self._partial_records().get(kind, ())
            if broken.isdisjoint(optional) and present.issuperset(needs)
        ]
        return sorted(valid + partial, key=lambda record: record.path) if partial else valid

    def judged(
        self, kind: str | None = None, needs: tuple[str, ...] | None = None, optional: tuple[str, ...] = ()
    ) -> list[Record]:
        """The records a rule reports on: those of `of` (or all), less any outside the focus.
        A rule whose findings on a record depend on others reads those with `of` or `get`,
        which give the records to judge against: valid ones."""
        if kind is None:
            records = self.records
        else:
            records = self.of(kind, needs, optional)
        return records if self.focus is None else [record for record in records if record.path in self.focus]

    def misnamed(self, kind: str) -> dict[str, str]:
        """File name -> path of the records of a kind whose id is not their file's name: a
        reference to that name is to them (see rules.integrity). Worked out on first use."""
        if kind not in self._misnamed:
            found = self._misnamed[kind] = {}
            for result in self.results:
                if result.kind == kind and isinstance(result.data, dict) and isinstance(result.data.get("id"), str):
                    named = result.path.rpartition("/")[2].removesuffix(EXTENSION)
                    if named != result.data["id"]:
                        found.setdefault(named, result.path)
        return self._misnamed[kind]

    def _partial_records(self) -> dict[str, list[tuple[Record, frozenset, frozenset]]]:
        """Per kind, (the record's sound fields as a record, their names, the names of its broken
        fields) for each record with schema errors that has a sound id. Worked out on first use:
        nearly every run has none, and the few there are pay for their schema check again."""
        if self._partials is None:
            self._partials = {}
            for result in self._invalid if self.schemas is not None else ():
                kind, whole = result.kind, result.data
                assert kind is not None and isinstance(whole, dict)  # as __post_init__ took it in
                broken = self._broken_fields(kind, whole)
                if broken is not None:
                    data = {name: value for name, value in whole.items() if name not in broken}
                    self._partials.setdefault(kind, []).append(
                        (FileResult(result.path, kind, data, []), frozenset(data), broken)
                    )
        return self._partials

    def _broken_fields(self, kind: str, data: dict) -> frozenset | None:
        """The top-level fields at or under which the schema finds a problem; None when the
        problem is the record as a whole (fields that do not fit together) or its id."""
        assert self.schemas is not None
        broken = set()
        for problem in self.schemas.check(kind, data):
            if problem.path:
                broken.add(problem.path[0])
            elif problem.code != "missing-field":  # a missing field is absent: the rule sees it so
                return None
        return None if "id" in broken else frozenset(broken)

    def get(self, kind: str, record_id) -> Record | None:
        return self.by_kind[kind].get(record_id) if isinstance(record_id, str) else None

    def locate(self, path: str, field_path: tuple = ()) -> tuple[int, int]:
        """Line and column of a field; files are read again only when a finding needs it."""
        if not field_path:
            return 1, 1
        document = self._documents.get(path)
        if document is None:
            try:  # the file was read and accepted moments ago; changed since, it is placed at its start
                raw = read_file(self.root, path)
                if type(raw) is Unreadable:
                    raise UnicodeDecodeError("utf-8", b"", 0, 1, raw.reason)
                text = raw.decode("utf-8")
                if len(field_path) == 1 and fastyaml.read(raw, HARDEST_MAX_DEPTH, len(raw)) is not None:
                    # in the plain subset a top-level key starts its line: no full parse needed
                    found = re.search(rf"^{re.escape(str(field_path[0]))}:", text, re.MULTILINE)
                    if found:
                        return text.count("\n", 0, found.start()) + 1, 1
                document = load_text(text, path, max_depth=HARDEST_MAX_DEPTH)
            except (UnicodeDecodeError, YamlRejected):
                document = Document(None, {(): (1, 1)})
            self._documents[path] = document
        return document.locate(field_path)

    def finding(
        self, record: Record, field_path: tuple, code: str, message: str, *, severity: str = "error", hint: str = ""
    ) -> Finding:
        line, column = self.locate(record.path, field_path)
        make = error if severity == "error" else warning
        return make(record.path, line, column, code, message, hint)
