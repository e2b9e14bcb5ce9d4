"""The field reference of every record kind, generated from schemas/*.schema.json.

Generated at every build rather than committed, so it cannot drift from the
schemas; tests/test_site_reference.py checks that every property of every schema,
however deeply nested, and every conditional rule is described.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from visits.i18n import N_
from visits.layout import EXTENSION, KINDS, RECORDS
from visits.site.markdown import Md, code, escape, link, page, table
from visits.site.patterns import in_words
from visits.site.text import Text, text_of

FALLBACK = "A further rule applies; see"  # marks a schema construct this page cannot explain yet

ANY = N_("any value")
_TYPES = {
    "string": N_("text"),
    "integer": N_("whole number"),
    "number": N_("number"),
    "boolean": N_("true or false"),
    "object": N_("set of fields"),
    "array": N_("list"),
}


@dataclass(frozen=True)
class Field:
    path: str  # dotted, with [] for the items of a list: follow_up[].kind
    schema: dict
    required: bool


def fields(schema: dict, prefix: str = "") -> Iterator[Field]:
    """Every property, depth first; the items of a list of objects as `name[].field`."""
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield Field(path, sub, name in required)
        if sub.get("type") == "object":
            yield from fields(sub, f"{path}.")
        items = sub.get("items")
        if sub.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
            yield from fields(items, f"{path}[].")


def type_words(schema: dict, text: Text | None = None) -> str:
    text = text or text_of("en")
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if items.get("type") == "object":
            return text.gettext("list of sets of fields")
        return text.gettext("list of {kind}", kind=type_words(items, text))
    if schema.get("format") == "date":
        return text.gettext("date")
    return text.gettext(_TYPES.get(schema.get("type", ""), ANY))


def allowed(schema: dict) -> Md:
    parts = []
    if schema.get("type") == "array":
        if "minItems" in schema:
            parts.append(f"at least {schema['minItems']} item{'s' if schema['minItems'] != 1 else ''}")
        if schema.get("uniqueItems"):
            parts.append("no repeats")
        if schema.get("items", {}).get("type") != "object":
            parts.append(allowed(schema.get("items", {})))
    if "const" in schema:
        parts.append(f"always {_value(schema['const'])}")
    if "pattern" in schema:
        parts.append(escape(in_words(schema["pattern"])))
    parts += _range(schema.get("minimum"), schema.get("maximum"), "")
    parts += _range(schema.get("minLength"), schema.get("maxLength"), " characters")
    if "default" in schema:
        parts.append(f"default {_value(schema['default'])}")
    text = "; ".join(part for part in parts if part)
    if "enum" in schema:
        # one value a line, each kept whole (the stylesheet stops code breaking mid-word)
        values = "".join(f"<li>{_value(value)}</li>" for value in schema["enum"])
        text += f'{"; " if text else ""}one of:<ul class="allowed-values">{values}</ul>'
    if "pattern" in schema:
        text += (
            f'<details class="pattern"><summary>Pattern, for developers</summary>{code(schema["pattern"])}</details>'
        )
    return Md(text or "—")


def rules(schema: dict, schema_file: str, prefix: str = "") -> list[str]:
    """Conditional requirements, in sentences, for the object and the objects inside it."""
    sentences = []
    branches = [schema] + schema.get("allOf", [])
    for branch in branches:
        if "if" in branch:
            sentences.append(_if_then(branch, prefix, schema_file))
    if "oneOf" in schema:
        sentences.append(_one_of(schema["oneOf"], prefix, schema_file))
    for keyword in ("anyOf", "not", "dependentRequired", "dependentSchemas", "else"):
        if keyword in schema:
            sentences.append(f"{FALLBACK} {code(schema_file)} ({escape(keyword)}).")
    for name, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object":
            sentences += rules(sub, schema_file, f"{prefix}{name}.")
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            sentences += rules(sub["items"], schema_file, f"{prefix}{name}[].")
    return sentences


def kind_page(name: str, schema: dict, text: Text | None = None) -> str:
    text = text or text_of("en")
    kind = KINDS[name]
    where = f"{RECORDS}/{kind.folder}/{kind.template}{EXTENSION}"
    where = where.replace("{owner}", "<volunteer>").replace("{", "<").replace("}", ">")
    rows = [
        [
            code(field.path),
            type_words(field.schema, text),
            text.gettext("yes") if field.required else text.gettext("no"),
            allowed(field.schema),
            _meaning(text, field.schema),
        ]
        for field in fields(schema)
    ]
    blocks = [
        escape(_schema_text(text, schema, "description")),
        text.gettext(
            "Each record is one file: {where}. Its shape is defined by {schema}; this page is generated "
            "from that file at every build.",
            where=code(where),
            schema=code(kind.schema_file),
        ),
        "## " + text.gettext("Fields"),
        table(
            [
                text.gettext("Field"),
                text.gettext("Type"),
                text.gettext("Required"),
                text.gettext("Allowed values"),
                text.gettext("Meaning"),
            ],
            rows,
        ),
        text.gettext(
            "*Required* inside a list or a set of fields means: required whenever that list item or set "
            "of fields is given. No other fields are accepted."
        ),
    ]
    conditions = rules(schema, kind.schema_file)
    if conditions or "$comment" in schema:
        short = text.gettext("In short:")
        blocks.append("## " + text.gettext("Rules across fields"))
        blocks.append(
            "\n".join(f"- {sentence}" for sentence in conditions)
            + (f"\n- {short} {escape(schema['$comment'])}." if "$comment" in schema else "")
        )
    return page(f"{_schema_text(text, schema, 'title') or name} ({name})", *blocks)


def _meaning(text: Text, schema: dict) -> Md:
    title, description = _schema_text(text, schema, "title"), _schema_text(text, schema, "description")
    return Md(f"**{escape(title)}.** {escape(description)}")


def _schema_text(text: Text, schema: dict, key: str) -> str:
    """A schema's title or description, in the catalogue's words where it has them."""
    value = schema.get(key, "")
    return text.t.gettext(value) if value else ""


def reference_pages(schemas: dict[str, dict], text: Text | None = None) -> dict[str, str]:
    """Pages relative to the reference folder: index.md first, then one per record kind."""
    text = text or text_of("en")
    rows = [
        [
            link(_schema_text(text, schemas[name], "title") or name, f"{name}.md"),
            code(f"{RECORDS}/{kind.folder}/"),
            _schema_text(text, schemas[name], "description"),
        ]
        for name, kind in KINDS.items()
        if name in schemas
    ]
    index = page(
        text.gettext("Field reference"),
        text.gettext(
            "Every field of every kind of record, with its type, whether it is required and which values "
            "are allowed. Generated from the schemas in {folder} at every build of this site, so it always "
            "matches what {command} checks.",
            folder=code("schemas/"),
            command=code("visits validate"),
        ),
        table([text.gettext("Record kind"), text.gettext("Folder"), text.gettext("What it describes")], rows),
    )
    return {
        "index.md": index,
        **{f"{name}.md": kind_page(name, schemas[name], text) for name in KINDS if name in schemas},
    }


def _value(value) -> str:
    return code(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)


def _range(low, high, unit: str) -> list[str]:
    if low is not None and high is not None:
        return [f"{low} to {high}{unit}"]
    if low is not None:
        return [f"at least {low}{unit}"]
    return [f"at most {high}{unit}"] if high is not None else []


def _condition(schema: dict, prefix: str) -> str | None:
    properties = schema.get("properties", {})
    if len(properties) != 1:
        return None
    ((name, test),) = properties.items()
    if "const" in test:
        return f"{code(prefix + name)} is {_value(test['const'])}"
    if set(test) == {"not"} and "const" in test["not"]:
        return f"{code(prefix + name)} is not {_value(test['not']['const'])}"
    return None


def _if_then(branch: dict, prefix: str, schema_file: str) -> str:
    condition = _condition(branch["if"], prefix)
    then = branch.get("then", {})
    if condition is None or set(then) != {"required"} or "else" in branch:
        return f"{FALLBACK} {code(schema_file)} (if/then)."
    needed = ", ".join(code(prefix + name) for name in then["required"])
    return f"When {condition}: {needed} {'is' if len(then['required']) == 1 else 'are'} required."


def _one_of(options: list, prefix: str, schema_file: str) -> str:
    """The one shape understood: each option requires one field and forbids the others."""
    names = [option.get("required", [None])[0] for option in options]
    for option, name in zip(options, names, strict=True):
        others = sorted(set(names) - {name})
        if option.get("required") != [name] or sorted(option.get("not", {}).get("required", [])) != others:
            return f"{FALLBACK} {code(schema_file)} (oneOf)."
    return "Give exactly one of " + ", ".join(code(prefix + name) for name in names) + "."
