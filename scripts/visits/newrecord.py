"""Pre-filled new records: ids, paths and sensible values taken from the existing records."""

from __future__ import annotations

import datetime as dt
import re

from visits.layout import KINDS
from visits.retention import add_months
from visits.rules import parse_date
from visits.rules.integrity import owner_of
from visits.yamlstrict import resolve_plain


class NewRecordError(Exception):
    """The options do not allow a record to be made; the message says which."""


def parse_assignments(pairs: list[str]) -> dict:
    """FIELD=VALUE options, values read like unquoted YAML; a comma makes a list."""
    fields = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise NewRecordError(f"--set expects FIELD=VALUE, not '{pair}'")
        if "," in value:
            fields[name] = [resolve_plain(part.strip()) for part in value.split(",") if part.strip()]
        else:
            fields[name] = resolve_plain(value)
    return fields


def _next_number(corpus, kind: str, prefix: str) -> str:
    pattern = re.compile(re.escape(prefix) + r"(\d{4})$")
    used = [int(m.group(1)) for record_id in corpus.known_ids[kind] if (m := pattern.match(record_id))]
    return f"{prefix}{max(used, default=0) + 1:04d}"


def _need(corpus, kind: str, record_id):
    if record_id is None:
        raise NewRecordError(f"give --{kind} (the id of the {kind})")
    record = corpus.get(kind, record_id)
    if record is None:
        raise NewRecordError(f"no {kind} with id '{record_id}'")
    return record


def _visit(corpus, fields: dict, today: dt.date) -> dict:
    assignment = _need(corpus, "assignment", fields.get("assignment"))
    day = fields.get("date") or today.isoformat()
    previous = max(
        (v for v in corpus.of("visit") if v.data["assignment"] == assignment.id),
        key=lambda v: v.data["date"],
        default=None,
    )
    centre = corpus.get("centre", assignment.data["centre"])
    longest = centre.data["visiting"]["max_minutes"] if centre else 60
    last = previous.data if previous else {}
    return {
        "id": f"{day}-{assignment.id}",
        "assignment": assignment.id,
        "date": day,
        "start_time": last.get("start_time", "14:00"),
        "duration_minutes": min(last.get("duration_minutes", 60), longest),
        "language": last.get("language", "fr"),
        "interpreter": last.get("interpreter", False),
        "topics": ["emotional-support"],
        "wellbeing": 3,
        "concerns": [],
        "follow_up": [],
        "notes": "",
    }


def _person(corpus, fields: dict, today: dt.date) -> dict:
    start = fields.get("detention_start") or today.isoformat()
    year = str(start)[:4]
    return {
        "id": _next_number(corpus, "person", f"P-{year}-"),
        "centre": fields.get("centre", ""),
        "detention_start": start,
        "nationality": "XX",
        "age_band": "unknown",
        "gender": "unknown",
        "languages": [],
        "vulnerabilities": [],
        "outcome": {"kind": "still-detained"},
    }


def _assignment(corpus, fields: dict, today: dt.date) -> dict:
    person = _need(corpus, "person", fields.get("person"))
    _need(corpus, "volunteer", fields.get("volunteer"))
    start = fields.get("start_date") or today.isoformat()
    transfers = person.data.get("transfers", [])
    centre = transfers[-1]["centre"] if transfers else person.data["centre"]
    return {
        "id": _next_number(corpus, "assignment", f"A-{str(start)[:4]}-"),
        "volunteer": fields["volunteer"],
        "person": person.id,
        "centre": centre,
        "start_date": start,
        "visits_per_week": 1,
    }


def _latest(records, **equal):
    matching = [r for r in records if all(r.data.get(name) == value for name, value in equal.items())]
    return max(matching, key=lambda r: (r.data["date"], r.path), default=None)


def _expense(corpus, fields: dict, today: dt.date) -> dict:
    volunteer = _need(corpus, "volunteer", fields.get("volunteer"))
    day = fields.get("date") or today.isoformat()
    kind = fields.get("kind", "transport")
    data = {
        "id": f"{day}-{volunteer.id}-{kind}",
        "volunteer": volunteer.id,
        "date": day,
        "kind": kind,
        "status": "submitted",
    }
    if "km" not in fields and "amount_cents" not in fields:  # the schema wants exactly one
        previous = _latest(corpus.of("expense"), volunteer=volunteer.id, kind=kind)
        data.update(
            {name: previous.data[name] for name in ("km", "amount_cents") if previous and name in previous.data}
        )
    visits = [v.id for v in corpus.of("visit") if v.data["date"] == day and owner_of(corpus, v) == volunteer.id]
    if kind == "transport" and len(visits) == 1:  # the trip to that day's visit
        data["visit"] = visits[0]
    return data


def _dated(kind: str, carried: str):
    """Meetings and trainings: `carried` (place, trainer) is usually as last time."""

    def make(corpus, fields: dict, today: dt.date) -> dict:
        day = fields.get("date") or today.isoformat()
        slug = fields.get("kind") or fields.get("module") or kind
        data = {"id": f"{day}-{slug}", "date": day}
        previous = _latest(corpus.of(kind))
        if previous is not None:
            data[carried] = previous.data[carried]
        return {**data, "attendees": []}

    return make


def _candidate(corpus, fields: dict, today: dt.date) -> dict:
    applied = fields.pop("applied", None) or today.isoformat()
    if parse_date(applied) is None:
        raise NewRecordError(f"applied '{applied}' is not a date (YYYY-MM-DD)")
    previous = max(corpus.of("candidate"), key=lambda c: (c.data["stages"]["applied"], c.path), default=None)
    data = {
        "id": _next_number(corpus, "candidate", f"C-{str(applied)[:4]}-"),
        "role": "undecided",
        # the languages are asked at the interview; one to correct, since the schema wants one
        "languages": [{"code": "nl", "level": "fluent"}],
        "stages": {"applied": applied},
    }
    if previous is not None:
        data["coordinator"] = previous.data["coordinator"]
    return data


def _evaluation(corpus, fields: dict, today: dt.date) -> dict:
    volunteer = _need(corpus, "volunteer", fields.get("volunteer"))
    day = fields.get("date") or today.isoformat()
    kind = fields.get("kind", "evaluation")
    # supervision of a friendly visitor is their referent's; evaluations are the coordinator's
    with_whom = "referent" if kind == "supervision" and volunteer.data["role"] == "friendly" else "coordinator"
    return {
        "id": f"{day}-{volunteer.id}-{kind}",
        "volunteer": volunteer.id,
        "date": day,
        "kind": kind,
        "with": with_whom,
        "outcome": "continue",
    }


def _notable_fact(corpus, fields: dict, today: dt.date) -> dict:
    centre = _need(corpus, "centre", fields.get("centre"))
    day = fields.get("date") or today.isoformat()
    taken = corpus.known_ids["notable-fact"]
    stem = f"{day}-{centre.id}"
    number = next(n for n in range(2, 100) if f"{stem}-{n}" not in taken) if stem in taken else None
    # the text in one language or more: --set nl=... (fr=, en=); reviewed_by is the coordinator's to add
    text = {language: fields.pop(language) for language in ("nl", "fr", "en") if language in fields}
    if not text:
        raise NewRecordError('give the fact\'s text: --set nl="..." (or fr=, en=; one language is enough)')
    data = {"id": f"{stem}-{number}" if number else stem, "date": day, "centre": centre.id}
    return {**data, "kind": fields.pop("kind", "other"), "text": text}


def from_candidate(corpus, candidate_id: str, fields: dict) -> dict:
    """A volunteer's fields from the accepted candidate they were: languages, centres, role and
    start; the rest (id, handle, a referent) only the coordinator knows, and must be given."""
    candidate = _need(corpus, "candidate", candidate_id)
    decision = candidate.data.get("decision") or {}
    if decision.get("outcome") != "accepted":
        raise NewRecordError(
            f"candidate {candidate.id} has not been accepted (decision: "
            f"{decision.get('outcome', 'none yet')}); record `decision: {{outcome: accepted, "
            "date: YYYY-MM-DD}` in its file first"
        )
    already = sorted(
        result.path
        for result in corpus.results
        if result.kind == "volunteer" and isinstance(result.data, dict) and result.data.get("candidate") == candidate.id
    )
    if already:
        raise NewRecordError(f"candidate {candidate.id} is already a volunteer: {already[0]}")
    role = candidate.data["role"] if candidate.data["role"] != "undecided" else "friendly"
    data = {
        "display_name": candidate.data.get("name"),
        "role": role,
        "languages": candidate.data["languages"],
        "centres": candidate.data.get("centres") or None,
        "start_date": decision["date"],
        "status": "active",
        "candidate": candidate.id,
    }
    data = {name: value for name, value in data.items() if value is not None}
    start = parse_date(fields.get("start_date", decision["date"]))
    if start is not None:  # a year's commitment, the programme's minimum, as agreed at intake
        data["commitment_end"] = (add_months(start, 12) - dt.timedelta(days=1)).isoformat()
    needed = [
        "id",
        "handle",
        *([] if "display_name" in data else ["display_name"]),
        *([] if "centres" in data else ["centres"]),
        *(["referent"] if fields.get("role", role) == "friendly" else ["weekly_hours"]),
    ]
    missing = [name for name in needed if name not in fields]
    if missing:
        raise NewRecordError(
            f"a volunteer from candidate {candidate.id} also needs "
            + " ".join(f"--set {name}=..." for name in missing)
            + " (what the candidate record does not hold)"
        )
    if fields.get("role", role) == "accredited" and "accreditation" not in fields:
        raise NewRecordError(
            f"candidate {candidate.id} applied as an accredited visitor, who needs an "
            "accreditation: start them with --set role=friendly --set referent=... until "
            "the Immigration Office grants it"
        )
    return data


PREFILL = {
    "visit": _visit,
    "person": _person,
    "assignment": _assignment,
    "expense": _expense,
    "meeting": _dated("meeting", "place"),
    "training": _dated("training", "trainer"),
    "candidate": _candidate,
    "evaluation": _evaluation,
    "notable-fact": _notable_fact,
}


def shaped(data: dict, schema: dict) -> dict:
    """Fields in the schema's order (as in every other record), a lone value of a list field
    (`--set topics=health`) made a list of one."""
    declared = schema.get("properties", {})

    def fit(name, value):
        wants_list = declared.get(name, {}).get("type") == "array"
        return [value] if wants_list and value is not None and not isinstance(value, list) else value

    ordered = [name for name in declared if name in data] + [name for name in data if name not in declared]
    return {name: fit(name, data[name]) for name in ordered}


def new_record(corpus, kind: str, fields: dict, today: dt.date, candidate: str | None = None) -> tuple[str, dict]:
    """The path and content of a new record; options in `fields` win over the pre-fill.
    `candidate` (a volunteer only) pre-fills it from that accepted candidate."""
    if kind not in KINDS:
        raise NewRecordError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS)}")
    if candidate is not None and kind != "volunteer":
        raise NewRecordError("--from-candidate makes a volunteer: use `visits new volunteer --from-candidate ID`")
    for name in ("date", "start_date", "detention_start"):
        if name in fields and parse_date(fields[name]) is None:
            raise NewRecordError(f"{name} '{fields[name]}' is not a date (YYYY-MM-DD)")
    prefill = PREFILL.get(kind)
    if candidate is not None:
        prefilled = from_candidate(corpus, candidate, fields)
    else:
        prefilled = prefill(corpus, fields, today) if prefill else {}
    data = {"schema_version": KINDS[kind].version, **prefilled, **fields}
    owner = None
    if kind == "visit":
        owner = corpus.get("assignment", data["assignment"]).data["volunteer"]
    elif kind in ("expense", "evaluation"):
        owner = data.get("volunteer")
    path = KINDS[kind].expected_path(data, owner)
    if path is None:
        raise NewRecordError(f"give --set id=... (and the fields the {kind} id is made of)")
    return path, data
