"""The JSON Schemas in schemas/ are the one source of truth for each record's shape.

A compiled validator answers "valid?" for the common case; only an invalid record
pays for the pure-Python validator that explains every problem with its path.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from visits.layout import KINDS

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
        self._explain = {
            kind: jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            for kind, schema in schemas.items()
        }
        self._fast = {}
        if jsonschema_rs is not None:
            self._fast = {kind: jsonschema_rs.validator_for(schema, validate_formats=True)
                          for kind, schema in schemas.items()}

    @classmethod
    def load(cls, root: Path) -> "SchemaSet":
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
        return list(dict.fromkeys(problem for error in self._explain[kind].iter_errors(data)
                                  for problem in _explain(error)))


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "array": "a list", "object": "a set of fields"}


def _describe(value) -> str:
    for python_type, word in ((bool, "true/false"), (int, "a number"), (float, "a number"),
                              (str, "text"), (list, "a list"), (dict, "a set of fields")):
        if isinstance(value, python_type):
            return word
    return "empty"


def _explain(error: jsonschema.ValidationError) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    keyword, schema, value = error.validator, error.schema, error.instance
    field = str(path[-1]) if path else "record"
    if keyword == "required":
        names = [name for name in error.validator_value if name not in value]
        return [SchemaProblem(path, "missing-field", f"missing required field '{name}'",
                              _field_hint(schema, name)) for name in names]
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        return [SchemaProblem(path + (extra,), "unknown-field", f"unknown field '{extra}'",
                              _did_you_mean(extra, allowed))
                for extra in value if extra not in schema.get("properties", {})]
    if keyword == "enum":
        return [SchemaProblem(path, "invalid-value", f"{field}: {value!r} is not allowed",
                              "use one of: " + ", ".join(map(str, schema["enum"])))]
    if keyword in ("format", "pattern"):
        return [SchemaProblem(path, "invalid-format", f"{field}: {value!r} is not in the expected form",
                              schema.get("description", ""))]
    if keyword == "type":
        wanted = _TYPE_WORDS.get(schema["type"], schema["type"])
        return [SchemaProblem(path, "wrong-type", f"{field}: expected {wanted}, found {_describe(value)}",
                              schema.get("description", ""))]
    if keyword == "const" and path == ("schema_version",):
        return [SchemaProblem(path, "schema-version", f"schema_version must be {schema['const']}")]
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
                   "maxLength", "minItems", "maxItems"):
        return [SchemaProblem(path, "out-of-range", f"{field}: {error.message}",
                              schema.get("description", ""))]
    if keyword == "uniqueItems":
        return [SchemaProblem(path, "duplicate-item", f"{field}: a value is listed twice",
                              "remove the repeated value")]
    return [SchemaProblem(path, "schema-" + keyword.lower(), f"{field}: {error.message}",
                          schema.get("$comment", ""))]


def _field_hint(schema: dict, name: str) -> str:
    described = schema.get("properties", {}).get(name, {}).get("description", "")
    return f"add '{name}:' ({described})" if described else f"add '{name}:'"


def _did_you_mean(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed fields: " + ", ".join(allowed)
