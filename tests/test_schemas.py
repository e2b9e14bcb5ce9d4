"""The schemas: valid draft 2020-12, closed, documented, and no room for a name on a person."""

from __future__ import annotations

import json

import jsonschema
import pytest

from visits.layout import KINDS
from visits.monitoring import CODES
from visits.records import check_file
from visits.schemas import SchemaSet
from visits.yamlstrict import load_bytes

from conftest import REPO

SCHEMAS = {name: json.loads((REPO / kind.schema_file).read_text(encoding="utf-8")) for name, kind in KINDS.items()}
LIMITS = {"max_file_bytes": 256 * 1024, "max_depth": 12}


def properties(schema: dict, where: str = ""):
    """Every property and list item schema, recursively: the values a record holds."""
    for name, sub in schema.get("properties", {}).items():
        full = f"{where}.{name}" if where else name
        yield full, sub
        yield from properties(sub, full)
    if isinstance(schema.get("items"), dict):
        yield f"{where}[]", schema["items"]
        yield from properties(schema["items"], f"{where}[]")


def example_record(kind: str):
    """The first example record of a kind, as (path, raw bytes)."""
    folder = REPO / "records" / KINDS[kind].folder
    path = min(folder.rglob("*.yaml"))
    return path.relative_to(REPO).as_posix(), path.read_bytes()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_is_valid_draft_2020_12(kind):
    schema = SCHEMAS[kind]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] and schema["description"]
    assert schema["$id"].endswith(f"/{kind}.schema.json")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_object_is_closed(kind):
    # conditions (if/then, oneOf) only test fields; the objects records hold must be closed
    objects = [("record", SCHEMAS[kind])] + [
        (where, sub) for where, sub in properties(SCHEMAS[kind]) if sub.get("type") == "object" or "properties" in sub
    ]
    open_ones = [where for where, sub in objects if sub.get("additionalProperties") is not False]
    assert open_ones == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_has_a_title_and_description(kind):
    fields = list(properties(SCHEMAS[kind]))
    assert len(fields) > 3
    undocumented = [
        name
        for name, sub in fields
        if not (
            isinstance(sub.get("title"), str)
            and sub["title"].strip()
            and isinstance(sub.get("description"), str)
            and sub["description"].strip()
        )
    ]
    assert undocumented == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_version_is_required_and_fixed(kind):
    schema = SCHEMAS[kind]
    assert "schema_version" in schema["required"] and "id" in schema["required"]
    # the records the package writes (visits new, visits demo) take the version from layout.KINDS
    assert schema["properties"]["schema_version"]["const"] == KINDS[kind].version


def test_visit_observations_are_the_monitoring_list():
    """The schema's enum and visits.monitoring.CODES are one list, in the same order (the forms
    and the report show them so)."""
    observations = SCHEMAS["visit"]["properties"]["observations"]
    assert observations["type"] == "array" and observations["uniqueItems"] is True
    assert tuple(observations["items"]["enum"]) == CODES
    assert "observations" not in SCHEMAS["visit"]["required"]
    assert SCHEMAS["visit"]["properties"]["schema_version"]["const"] == 2


def test_preferred_language_is_one_of_the_sites_languages():
    preferred = SCHEMAS["volunteer"]["properties"]["preferred_language"]
    assert preferred["enum"] == ["nl", "fr", "en"] and "preferred_language" not in SCHEMAS["volunteer"]["required"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_patterns_are_anchored(kind):
    # an unanchored pattern accepts anything that merely contains a match
    patterns = [(name, sub["pattern"]) for name, sub in properties(SCHEMAS[kind]) if "pattern" in sub]
    assert [name for name, pattern in patterns if not (pattern.startswith("^") and pattern.endswith("$"))] == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_rejects_an_unknown_field(kind):
    path, raw = example_record(kind)
    schemas = SchemaSet(SCHEMAS)
    assert check_file(path, raw, schemas, LIMITS).findings == []
    extra = raw + b"favourite_colour: blue\n"
    findings = check_file(path, extra, schemas, LIMITS).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("unknown-field", raw.count(b"\n") + 1, 1)]


PERSON_FIELDS = {
    "schema_version",
    "id",
    "centre",
    "detention_start",
    "transfers",
    "transfers[]",
    "transfers[].date",
    "transfers[].centre",
    "outcome",
    "outcome.kind",
    "outcome.date",
    "nationality",
    "age_band",
    "gender",
    "languages",
    "languages[]",
    "vulnerabilities",
    "vulnerabilities[]",
}


def test_person_has_exactly_the_listed_fields():
    assert {name for name, _ in properties(SCHEMAS["person"])} == PERSON_FIELDS


def test_person_has_no_free_text_that_could_hold_a_name():
    strings = [(name, sub) for name, sub in properties(SCHEMAS["person"]) if sub.get("type") == "string"]
    assert len(strings) >= 9
    free = [name for name, sub in strings if not ({"enum", "pattern", "format", "const"} & set(sub))]
    assert free == []
    loose = [name for name, sub in strings if "enum" not in sub and "pattern" not in sub]
    assert loose == []  # "format: date" alone would be enough, but every date has its pattern too


def test_a_name_on_a_person_is_refused():
    path, raw = example_record("person")
    named = raw.replace(b"nationality: ", b"nationality: Ayo Bello\nx_nationality: ", 1)
    codes = {f.code for f in check_file(path, named, SchemaSet(SCHEMAS), LIMITS).findings}
    assert codes == {"invalid-format", "unknown-field"}


# Values where Python's `re` and the ECMA-262 patterns of JSON Schema disagree, plus
# ordinary mistakes: the compiled validator and the explaining one must agree on each.
TRICKY_VISIT_VALUES = [
    ("start_time", "14:00\n"),
    ("start_time", "1٤:00"),
    ("start_time", "24:00"),
    ("start_time", "9:30"),
    ("start_time", "14:00"),
    ("language", "fr\n"),
    ("language", "FR"),
    ("date", "2026-02-30"),
    ("date", "2026-04-06\n"),
    ("date", "٢٠٢٦-٠٤-٠٦"),
    ("date", "20260406"),
    ("date", "2026-W14-1"),
    ("id", "2026-04-06-A-2026-0001\n"),
    ("assignment", "A-2026-0001\n"),
    ("wellbeing", True),
    ("duration_minutes", 1.5),
    ("duration_minutes", 60.0),
    ("topics", []),
    ("notes", None),
]


@pytest.mark.parametrize("field, value", TRICKY_VISIT_VALUES)
def test_explanation_agrees_with_the_compiled_validator(field, value):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    path, raw = example_record("visit")
    record = dict(load_bytes(raw, path).data, **{field: value})
    fast_says_valid = jsonschema_rs.validator_for(SCHEMAS["visit"], validate_formats=True).is_valid(record)
    problems = SchemaSet(SCHEMAS).check("visit", record)
    assert bool(problems) == (not fast_says_valid)
    assert all(problem.code != "schema-mismatch" for problem in problems)
    assert all(problem.path[:1] == (field,) for problem in problems)
