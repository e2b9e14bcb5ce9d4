"""Where each kind of record lives, and the path a record must have.

Visit reports, expenses and evaluations sit under the volunteer's own folder so
that review routing (CODEOWNERS) can give each friendly visitor's records to their
referent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

RECORDS = "records"
SCHEMAS = "schemas"
EXTENSION = ".yaml"


@dataclass(frozen=True)
class Kind:
    name: str  # as in schemas/<name>.schema.json
    folder: str  # under records/
    template: str  # expected path below the folder, filled from the record
    version: int = 1  # the schema's schema_version, for the records the package writes (a test keeps them equal)

    @property
    def schema_file(self) -> str:
        return f"{SCHEMAS}/{self.name}.schema.json"

    def expected_path(self, data: dict, owner: str | None = None) -> str | None:
        """The path the record must have, or None if its fields are too broken to say."""
        path = self.prefix
        for before, name in self.pieces:  # written out: it runs for every record of every run
            if name == "id":
                value = data.get("id")
            elif name == "year":
                value = str(data.get("date", ""))[:4]
            else:
                value = owner
            if not isinstance(value, str) or not value:
                return None
            path += before + value
        return path + EXTENSION

    @cached_property
    def pieces(self) -> tuple[tuple[str, str], ...]:
        """The template as (text before a field, field name) pairs: "{owner}/{year}/{id}"
        is ("", "owner"), ("/", "year"), ("/", "id"). Templates end with a field."""
        pairs = [part.split("}") for part in self.template.split("{")[1:]]
        befores = [self.template.split("{")[0]] + [after for _, after in pairs[:-1]]
        return tuple((before, name) for before, (name, _) in zip(befores, pairs))

    @cached_property
    def fields(self) -> tuple[str, ...]:
        """The record fields the template is made of."""
        return tuple(name for _, name in self.pieces)

    @cached_property
    def prefix(self) -> str:
        return f"{RECORDS}/{self.folder}/"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("centre", "centres", "{id}"),
        Kind("volunteer", "volunteers", "{id}"),
        Kind("person", "people", "{id}"),
        Kind("assignment", "assignments", "{id}"),
        # the owner of a visit is the assignment's volunteer, known only across records
        Kind("visit", "visits", "{owner}/{year}/{id}", version=2),
        Kind("meeting", "meetings", "{year}/{id}"),
        Kind("training", "trainings", "{year}/{id}"),
        Kind("expense", "expenses", "{owner}/{year}/{id}"),
        # pseudonymous codes, in one folder: the coordinators own them (CODEOWNERS "*")
        Kind("candidate", "candidates", "{id}"),
        # under the volunteer, as visits: review goes to a friendly visitor's referent and the
        # coordinators, an accredited visitor's to the coordinators, never to the volunteer
        Kind("evaluation", "evaluations", "{owner}/{year}/{id}"),
        # published once reviewed: the coordinators own the folder (codeowners.py)
        Kind("notable-fact", "notable-facts", "{year}/{id}"),
    )
}
BY_FOLDER = {kind.folder: kind for kind in KINDS.values()}


def kind_of(relpath: str) -> Kind | None:
    """The kind a file under records/ belongs to, judged by its first folder."""
    parts = relpath.split("/", 2)  # plain string work: this runs once per file, 100,000s of times
    if len(parts) < 3 or parts[0] != RECORDS or not parts[2]:
        return None
    return BY_FOLDER.get(parts[1])


def owner_folder(relpath: str) -> str | None:
    """The volunteer folder of a visit, expense or evaluation path (records/visits/<owner>/...)."""
    parts = relpath.split("/")
    return parts[2] if len(parts) >= 5 else None


class OutsideRecords(ValueError):
    """A path made from record fields that would land outside records/<kind>/."""


def record_target(root, relpath: str, kind: Kind):
    """root/relpath, once it is sure to stay inside records/<kind>/: ids come from options,
    issue forms and other records, and `--set id=../../x` must not write anywhere else."""
    parts = relpath.split("/")
    # a hidden name (".x") is skipped by the scan: a record written there would never be checked
    unsafe = [part for part in parts if not part or part.startswith(".") or "\\" in part or not part.isprintable()]
    if unsafe or not relpath.startswith(kind.prefix) or not relpath.endswith(EXTENSION):
        raise OutsideRecords(
            f"'{relpath}' is not a path under {kind.prefix}; ids are made of letters, digits and dashes"
        )
    target = root / relpath
    folder = (root / RECORDS / kind.folder).resolve()
    # a symlinked folder on the way would lead the write elsewhere
    if not target.parent.resolve().is_relative_to(folder):
        raise OutsideRecords(
            f"'{relpath}' leads outside {kind.prefix} (through a symbolic link); replace the link by a real folder"
        )
    return target
