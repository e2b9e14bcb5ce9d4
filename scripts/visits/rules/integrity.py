"""Ids, paths and references: every record is where its id says and points at real records."""

from __future__ import annotations

from visits.layout import KINDS

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


def check_references(corpus, context):
    for kind, pattern, target, code in REFERENCES:
        known = corpus.known_ids[target]
        if len(pattern) == 1:  # a top-level field: most references, and walk() would cost a second
            field = pattern[0]
            for record in corpus.judged(kind):
                if field in record.data and record.data[field] not in known:
                    yield corpus.finding(record, pattern, code, f"no {target} with id '{record.data[field]}'")
            continue
        for record in corpus.judged(kind):
            for path, value in walk(record.data, pattern):
                if value not in known:
                    yield corpus.finding(record, path, code, f"no {target} with id '{value}'")


def owner_of(corpus, record) -> str | None:
    """The volunteer whose folder holds a visit or expense."""
    if record.kind == "expense":
        return record.data["volunteer"]
    if record.kind == "visit":
        assignment = corpus.by_kind["assignment"].get(record.data["assignment"])
        return assignment.data["volunteer"] if assignment else None
    return None


DATED = ("visit", "meeting", "training", "expense")  # kinds whose id starts with their date


def check_paths(corpus, context):
    for name, kind in KINDS.items():  # kind by kind: what differs between kinds is decided once
        owned, dated = "owner" in kind.fields, name in DATED
        for record in corpus.judged(name):
            owner = None
            if owned:
                owner = owner_of(corpus, record)
                if owner is None:
                    continue  # the unknown reference is reported instead
            expected = kind.expected_path(record.data, owner)
            if expected and expected != record.path:
                yield corpus.finding(record, ("id",), "path-mismatch",
                                     f"file should be {expected} to match its id, date and volunteer",
                                     hint=f"git mv {record.path} {expected}")
            date = record.data.get("date") if dated else None
            if isinstance(date, str) and not record.id.startswith(date):
                yield corpus.finding(record, ("id",), "path-mismatch",
                                     f"id '{record.id}' should start with the date {date}")


def check_duplicates(corpus, context):
    for kind in KINDS:
        records = corpus.of(kind)
        if len({record.data["id"] for record in records}) == len(records):
            continue  # nearly always: a set of the ids says so without a pair per record
        seen: dict[str, str] = {}
        for record in records:
            if record.id in seen:
                yield corpus.finding(record, ("id",), "duplicate-id",
                                     f"{kind} id '{record.id}' is also used by {seen[record.id]}")
            else:
                seen[record.id] = record.path


def check_referents(corpus, context):
    for volunteer in corpus.judged("volunteer"):
        referent_id = volunteer.data.get("referent")
        referent = corpus.get("volunteer", referent_id)
        if referent is None:
            continue
        if referent.data["role"] != "accredited":
            yield corpus.finding(volunteer, ("referent",), "referent-not-accredited",
                                 f"referent '{referent_id}' is not an accredited visitor")
        elif referent.data["status"] != "active" and volunteer.data["status"] == "active":
            # a warning: the referent's departure must not block every other pull request
            yield corpus.finding(volunteer, ("referent",), "referent-inactive",
                                 f"referent '{referent_id}' is {referent.data['status']}",
                                 severity="warning")


RULES = (check_references, check_paths, check_duplicates, check_referents)
