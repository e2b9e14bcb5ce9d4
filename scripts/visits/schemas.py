"""The JSON Schemas in schemas/ are the one source of truth for each record's shape.

A compiled validator answers "valid?" for the common case; only an invalid record
pays for the pure-Python validator that explains every problem with its path.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from visits.layout import KINDS
from visits.rules import parse_date

jsonschema_rs: ModuleType | None
try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    jsonschema_rs = None

ENGINE = "jsonschema-rs" if jsonschema_rs else "jsonschema (pure Python; install jsonschema-rs for speed)"


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    path: tuple  # where in the record
    code: str
    message: str
    hint: str = ""


class SchemaSet:
    def __init__(self, schemas: dict[str, dict]):
        self.schemas = schemas
        self._explain: dict = {}  # built on the first invalid record of each kind
        self._fast = {}
        if jsonschema_rs is not None:
            self._fast = {
                kind: jsonschema_rs.validator_for(schema, validate_formats=True, formats={"date": _is_date})
                for kind, schema in schemas.items()
            }

    @classmethod
    def load(cls, root: Path) -> SchemaSet:
        schemas = {}
        for name, kind in KINDS.items():
            with open(root / kind.schema_file, encoding="utf-8") as handle:
                schemas[name] = json.load(handle)
        return cls(schemas)

    def fingerprint(self) -> str:
        return json.dumps(self.schemas, sort_keys=True)

    def check(self, kind: str, data) -> list[SchemaProblem]:
        fast = self._fast.get(kind)
        if fast is not None and fast.is_valid(data):
            return []
        # jsonschema raises one error per missing field, each naming them all
        root = self.schemas[kind]
        problems = list(
            dict.fromkeys(
                problem for error in self._explainer(kind).iter_errors(data) for problem in _explain(error, root)
            )
        )
        if not problems and fast is not None:  # never let a refused record through unexplained
            problems.append(
                SchemaProblem(
                    (),
                    "schema-mismatch",
                    "the record does not match its schema",
                    "report this: the two schema validators disagree",
                )
            )
        return problems

    def _explainer(self, kind: str):
        if kind not in self._explain:
            import jsonschema  # only invalid records need it, and importing it takes a while

            self._explain[kind] = _explainer_class()(self.schemas[kind], format_checker=jsonschema.FormatChecker())
        return self._explain[kind]


def _is_date(value: str) -> bool:
    """format: date as the rules read it. jsonschema-rs alone also takes year 0000, which no
    Python date holds: such a record passed, then the rules failed on it."""
    return parse_date(value) is not None


@functools.cache
def _ecma(pattern: str) -> re.Pattern:
    """A schema pattern with the ECMA-262 meaning JSON Schema gives it (and jsonschema-rs
    applies): \\d is ASCII only and '$' is the very end, where Python's '$' also matches
    before a final newline ("14:00\\n" would pass as a time)."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out), re.ASCII)


def _pattern(validator, pattern, instance, schema):
    from jsonschema import ValidationError  # loaded already: this runs inside jsonschema

    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _explainer_class():
    import jsonschema.validators

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields",
}


def _describe(value) -> str:
    for python_type, word in (
        (bool, "true/false"),
        (int, "a number"),
        (float, "a number"),
        (str, "text"),
        (list, "a list"),
        (dict, "a set of fields"),
    ):
        if isinstance(value, python_type):
            return word
    return "empty"


def _explain(error, root: dict) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    keyword, schema, value = error.validator, error.schema, error.instance
    field = str(path[-1]) if path else "record"
    if keyword == "required":
        names = [name for name in error.validator_value if name not in value]
        # a field required by an if/then is described in the enclosing schema, not the 'then'
        described = schema if "properties" in schema else _subschema(root, path)
        return [
            SchemaProblem(path, "missing-field", f"missing required field '{name}'", _field_hint(described, name))
            for name in names
        ]
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        return [
            SchemaProblem(path + (extra,), "unknown-field", f"unknown field '{extra}'", _did_you_mean(extra, allowed))
            for extra in value
            if extra not in schema.get("properties", {})
        ]
    if keyword == "enum":
        return [
            SchemaProblem(
                path,
                "invalid-value",
                f"{field}: {value!r} is not allowed",
                "use one of: " + ", ".join(map(str, schema["enum"])),
            )
        ]
    if keyword in ("format", "pattern"):
        return [
            SchemaProblem(
                path, "invalid-format", f"{field}: {value!r} is not in the expected form", schema.get("description", "")
            )
        ]
    if keyword == "type":
        wanted = _TYPE_WORDS.get(schema["type"], schema["type"])
        return [
            SchemaProblem(
                path,
                "wrong-type",
                f"{field}: expected {wanted}, found {_describe(value)}",
                schema.get("description", ""),
            )
        ]
    if keyword == "minProperties" and error.validator_value == 1:
        return [
            SchemaProblem(
                path,
                "missing-field",
                f"{field}: give at least one of {', '.join(schema.get('properties', {}))}",
                schema.get("description", ""),
            )
        ]
    if keyword == "const" and path == ("schema_version",):
        wanted = schema["const"]
        if type(value) is int and 0 < value < wanted:  # bool is an int: `true` is no version
            # an older record is not wrong, only not upgraded yet: one command does all of them
            return [
                SchemaProblem(
                    path,
                    "schema-outdated",
                    f"schema_version {value} is older than this schema's version {wanted}",
                    "run `visits migrate`: it upgrades every record to its schema's version and changes nothing else",
                )
            ]
        return [SchemaProblem(path, "schema-version", f"schema_version must be {wanted}")]
    if keyword == "const":
        return [
            SchemaProblem(path, "invalid-value", f"{field}: must be {schema['const']!r}", schema.get("description", ""))
        ]
    if keyword in ("oneOf", "anyOf", "not"):
        # jsonschema's own message repeats the whole record: long, and it would copy
        # free text such as visit notes into CI logs
        return [
            SchemaProblem(
                path, "invalid-combination", f"{field}: these fields do not fit together", schema.get("$comment", "")
            )
        ]
    if keyword in (
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
    ):
        return [SchemaProblem(path, "out-of-range", f"{field}: {error.message}", schema.get("description", ""))]
    if keyword == "uniqueItems":
        return [SchemaProblem(path, "duplicate-item", f"{field}: a value is listed twice", "remove the repeated value")]
    shown = error.message if not isinstance(value, (dict, list)) else f"does not satisfy '{keyword}'"
    return [SchemaProblem(path, "schema-" + keyword.lower(), f"{field}: {shown}", schema.get("$comment", ""))]


def _subschema(root: dict, path: tuple) -> dict:
    """The schema describing the value at `path` (keys and list indexes) of a record."""
    schema = root
    for step in path:
        schema = schema.get("items", {}) if isinstance(step, int) else schema.get("properties", {}).get(step, {})
    return schema


def _field_hint(schema: dict, name: str) -> str:
    described = schema.get("properties", {}).get(name, {}).get("description", "")
    return f"add '{name}:' ({described})" if described else f"add '{name}:'"


def _did_you_mean(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed fields: " + ", ".join(allowed)
