"""Ids, paths and references: every record is where its id says and points at real records.

One cause, one finding: a reference that resolves to nothing is reported once, on the
record that holds it, with the nearest known ids as a hint; what other rules would
derive through it (the folder a visit belongs in, whose visit an expense names) is
not derived, so no finding elsewhere repeats it or tells the user to move sound
files after the misspelling. A reference to the file name of a record whose id
differs is the same problem seen from the other side: that record's path-mismatch
reports it, once.
"""

from __future__ import annotations

from visits.layout import EXTENSION, KINDS
from visits.rules import rule
from visits.suggest import Suggester

# (kind, field path with "*" for every list item, kind referred to, finding code)
REFERENCES = (
    ("volunteer", ("referent",), "volunteer", "unknown-volunteer"),
    ("volunteer", ("centres", "*"), "centre", "unknown-centre"),
    ("volunteer", ("accreditation", "centres", "*"), "centre", "unknown-centre"),
    ("person", ("centre",), "centre", "unknown-centre"),
    ("person", ("transfers", "*", "centre"), "centre", "unknown-centre"),
    ("assignment", ("volunteer",), "volunteer", "unknown-volunteer"),
    ("assignment", ("person",), "person", "unknown-person"),
    ("assignment", ("centre",), "centre", "unknown-centre"),
    ("visit", ("assignment",), "assignment", "unknown-assignment"),
    ("visit", ("follow_up", "*", "owner"), "volunteer", "unknown-volunteer"),
    ("meeting", ("attendees", "*"), "volunteer", "unknown-volunteer"),
    ("training", ("attendees", "*"), "volunteer", "unknown-volunteer"),
    ("training", ("centre",), "centre", "unknown-centre"),
    ("expense", ("volunteer",), "volunteer", "unknown-volunteer"),
    ("expense", ("visit",), "visit", "unknown-visit"),
    ("volunteer", ("candidate",), "candidate", "unknown-candidate"),
    ("candidate", ("centres", "*"), "centre", "unknown-centre"),
    ("evaluation", ("volunteer",), "volunteer", "unknown-volunteer"),
    ("notable-fact", ("centre",), "centre", "unknown-centre"),
    ("notable-fact", ("reviewed_by",), "volunteer", "unknown-volunteer"),
)


def walk(data, pattern: tuple, prefix: tuple = ()):
    """Yield (path, value) for every value matching a field pattern."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for index, item in enumerate(data if isinstance(data, list) else ()):
            yield from walk(item, rest, prefix + (index,))
    elif isinstance(data, dict) and head in data:
        yield from walk(data[head], rest, prefix + (head,))


@rule(ties=("v", "vd"))
def check_references(corpus, context):
    hints: dict[str, Suggester] = {}
    by_day: list[dict[tuple, list[str]]] = []  # built on the first unknown visit

    def unresolved(record, path, target, code, value):
        if value in corpus.misnamed(target):
            return None  # the file is there under another id: its path-mismatch says so
        if target == "visit":  # an expense's: the nearest of that volunteer's visits that day (see ties.py)
            if not by_day:
                by_day.append(_visits_by_day(corpus))
            hint = Suggester(by_day[0].get((record.data.get("volunteer"), record.data.get("date")), ())).hint(value)
        else:
            if target not in hints:
                hints[target] = Suggester(corpus.known_ids[target])
            hint = hints[target].hint(value)
        return corpus.finding(record, path, code, f"no {target} with id '{value}'", hint=hint)

    for kind, pattern, target, code in REFERENCES:
        known = corpus.known_ids[target]
        field = pattern[0]
        records = corpus.judged(kind, needs=(), optional=(field,))  # any record whose field is sound
        if len(pattern) == 1:  # a top-level field: most references, and walk() would cost a second
            for record in records:
                if field in record.data and record.data[field] not in known:
                    found = unresolved(record, pattern, target, code, record.data[field])
                    if found:
                        yield found
            continue
        for record in records:
            for path, value in walk(record.data, pattern):
                if value not in known:
                    found = unresolved(record, path, target, code, value)
                    if found:
                        yield found


def _visits_by_day(corpus) -> dict[tuple, list[str]]:
    """Visit ids by (volunteer, day), the volunteer being their assignment's as the vd| tie has it."""
    found: dict[tuple, list[str]] = {}
    for result in corpus.results:
        data = result.data
        if result.kind == "visit" and isinstance(data, dict) and isinstance(data.get("id"), str):
            assignment = corpus.get("assignment", data.get("assignment"))
            if assignment is not None:
                found.setdefault((assignment.data["volunteer"], data.get("date")), []).append(data["id"])
    return found


def owner_of(corpus, record) -> str | None:
    """The volunteer whose folder holds a visit, expense or evaluation; None when that is not
    known (the visit's assignment or the volunteer resolves to nothing: reported as such)."""
    if record.kind in ("expense", "evaluation"):
        owner = record.data.get("volunteer")
    elif record.kind == "visit":
        assignment = corpus.by_kind["assignment"].get(record.data.get("assignment"))
        owner = assignment.data["volunteer"] if assignment else None
    else:
        return None
    return owner if owner in corpus.known_ids["volunteer"] else None


# kinds whose id starts with their date
DATED = ("visit", "meeting", "training", "expense", "evaluation", "notable-fact")
OWNER_FIELD = {"visit": "assignment", "expense": "volunteer", "evaluation": "volunteer"}  # what owner_of reads


@rule()
def check_paths(corpus, context):
    for name, kind in KINDS.items():  # kind by kind: what differs between kinds is decided once
        owned, dated = "owner" in kind.fields, name in DATED
        used = tuple(field for field in (OWNER_FIELD.get(name), "date" if dated else None) if field)
        for record in corpus.judged(name, needs=("id",), optional=used):
            owner = None
            if owned:
                owner = owner_of(corpus, record)
                if owner is None:
                    continue  # the unknown reference is reported instead
            expected = kind.expected_path(record.data, owner)
            if expected and expected != record.path:
                yield _misplaced(corpus, record, expected)
            date = record.data.get("date") if dated else None
            if isinstance(date, str) and not record.id.startswith(date):
                yield corpus.finding(
                    record, ("id",), "path-mismatch", f"id '{record.id}' should start with the date {date}"
                )


def _misplaced(corpus, record, expected: str):
    named = record.path.rpartition("/")[2].removesuffix(EXTENSION)
    if named == record.id:
        return corpus.finding(
            record,
            ("id",),
            "path-mismatch",
            f"file should be {expected} to match its id, date and volunteer",
            hint=f"git mv {record.path} {expected}",
        )
    # the file name and the id differ: either may be the misspelt one (other records may use the name)
    return corpus.finding(
        record,
        ("id",),
        "path-mismatch",
        f"id '{record.id}' does not match the file name '{named}'",
        hint=f"if the file name is right, set id: {named}; if the id is, git mv {record.path} {expected}",
    )


@rule(ties=("v", "e"))
def check_duplicates(corpus, context):
    for kind in KINDS:
        records = corpus.of(kind, needs=("id",))
        if len({record.data["id"] for record in records}) == len(records):
            continue  # nearly always: a set of the ids says so without a pair per record
        seen: dict[str, str] = {}
        for record in records:
            if record.id in seen:
                yield corpus.finding(
                    record, ("id",), "duplicate-id", f"{kind} id '{record.id}' is also used by {seen[record.id]}"
                )
            else:
                seen[record.id] = record.path


@rule()
def check_referents(corpus, context):
    for volunteer in corpus.judged("volunteer", needs=(), optional=("referent", "status")):
        referent_id = volunteer.data.get("referent")
        referent = corpus.get("volunteer", referent_id)
        if referent is None:
            continue
        if referent.data["role"] != "accredited":
            yield corpus.finding(
                volunteer,
                ("referent",),
                "referent-not-accredited",
                f"referent '{referent_id}' is not an accredited visitor",
            )
        elif referent.data["status"] != "active" and volunteer.data.get("status") == "active":
            # a warning: the referent's departure must not block every other pull request
            yield corpus.finding(
                volunteer,
                ("referent",),
                "referent-inactive",
                f"referent '{referent_id}' is {referent.data['status']}",
                severity="warning",
            )


RULES = (check_references, check_paths, check_duplicates, check_referents)
