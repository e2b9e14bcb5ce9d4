"""Reading every record of a repository into one index, with the per-file checks.

Each file is checked on its own first (strict YAML, then its kind's schema); that
step is pure, so it can run in worker processes and be cached by content. Only
records that pass it take part in the cross-record rules, but the ids of every
record that has one are known, so one broken file does not cascade into
"unknown id" errors everywhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from visits.findings import Finding, error, warning
from visits.layout import EXTENSION, KINDS, RECORDS, kind_of
from visits.schemas import SchemaSet
from visits.yamlstrict import Document, YamlRejected, load_bytes


@dataclass(slots=True)
class Record:
    kind: str
    path: str  # relative to the repository root, with forward slashes
    data: dict

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass(slots=True)
class FileResult:
    path: str
    kind: str | None
    data: object  # None when the file could not be parsed
    findings: list[Finding]

    @property
    def valid(self) -> bool:
        return self.kind is not None and not self.findings and isinstance(self.data, dict)


def check_file(path: str, raw: bytes, schemas: SchemaSet, limits: dict) -> FileResult:
    """Strict parse and schema check of one file: the unit of caching and parallelism."""
    kind = kind_of(path)
    if not path.endswith(EXTENSION):
        return FileResult(path, None, None, [error(path, 1, 1, "bad-extension",
                                                    f"record files end in {EXTENSION}")])
    if kind is None:
        return FileResult(path, None, None, [error(path, 1, 1, "unknown-kind",
                                                    "this folder holds no kind of record")])
    try:
        document = load_bytes(raw, path, max_bytes=limits["max_file_bytes"],
                              max_depth=limits["max_depth"])
    except YamlRejected as exc:
        return FileResult(path, kind.name, None, [exc.finding])
    if document.data is None:
        return FileResult(path, kind.name, None, [error(path, 1, 1, "empty-file", "the file is empty")])
    if not isinstance(document.data, dict):
        return FileResult(path, kind.name, None, [error(path, 1, 1, "not-a-mapping",
                                                         "a record must be a set of fields")])
    findings = []
    for problem in schemas.check(kind.name, document.data):
        line, column = document.locate(problem.path)
        findings.append(error(path, line, column, problem.code, problem.message, problem.hint))
    return FileResult(path, kind.name, document.data, findings)


def record_files(root: Path) -> list[str]:
    """Every file under records/, as sorted repository-relative paths; dotfiles skipped."""
    found = []
    base = root / RECORDS
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(root).as_posix()
        found.extend(f"{rel}/{name}" for name in files if not name.startswith(".") and name != "README.md")
    return sorted(found)


@dataclass
class Corpus:
    """All records of a repository, indexed, plus what the per-file checks found."""

    root: Path
    results: list[FileResult]
    records: list[Record] = field(default_factory=list)
    by_kind: dict[str, dict[str, Record]] = field(default_factory=dict)
    known_ids: dict[str, set[str]] = field(default_factory=dict)
    _documents: dict[str, Document] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for name in KINDS:
            self.by_kind.setdefault(name, {})
            self.known_ids.setdefault(name, set())
        for result in self.results:
            if result.kind and isinstance(result.data, dict) and isinstance(result.data.get("id"), str):
                self.known_ids[result.kind].add(result.data["id"])
            if result.valid:
                record = Record(result.kind, result.path, result.data)
                self.records.append(record)
                self.by_kind[result.kind].setdefault(record.id, record)

    @property
    def file_findings(self) -> list[Finding]:
        return [found for result in self.results for found in result.findings]

    def of(self, kind: str) -> list[Record]:
        return [record for record in self.records if record.kind == kind]

    def get(self, kind: str, record_id) -> Record | None:
        return self.by_kind[kind].get(record_id) if isinstance(record_id, str) else None

    def locate(self, path: str, field_path: tuple = ()) -> tuple[int, int]:
        """Line and column of a field; files are parsed again only when a finding needs it."""
        document = self._documents.get(path)
        if document is None:
            document = load_bytes((self.root / path).read_bytes(), path, max_bytes=1 << 30, max_depth=1 << 10)
            self._documents[path] = document
        return document.locate(field_path)

    def finding(self, record: Record, field_path: tuple, code: str, message: str,
                *, severity: str = "error", hint: str = "") -> Finding:
        line, column = self.locate(record.path, field_path)
        make = error if severity == "error" else warning
        return make(record.path, line, column, code, message, hint)


def load_corpus(root: Path, schemas: SchemaSet, limits: dict, mapper=map) -> Corpus:
    """Check every record file; `mapper` may spread the per-file step over processes."""
    paths = record_files(root)
    results = list(mapper(lambda path: check_file(path, (root / path).read_bytes(), schemas, limits), paths))
    return Corpus(root, results)
