"""The field reference of every record kind, generated from schemas/*.schema.json.

Generated at every build rather than committed, so it cannot drift from the
schemas; tests/test_site_reference.py checks that every property of every schema,
however deeply nested, and every conditional rule is described.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from visits.layout import EXTENSION, KINDS, RECORDS
from visits.site.markdown import Md, code, escape, link, page, table
from visits.site.patterns import in_words
from visits.site.text import Text, text_of

FALLBACK = "A further rule applies; see"  # marks a schema construct this page cannot explain yet


def _type_name(text: Text, kind: str) -> str:
    # with a context: "text" alone means something else in other domains (a finding's "du texte")
    t = text.t
    names = {
        "string": t.pgettext("field type", "text"),
        "integer": t.pgettext("field type", "whole number"),
        "number": t.pgettext("field type", "number"),
        "boolean": t.pgettext("field type", "true or false"),
        "object": t.pgettext("field type", "set of fields"),
        "array": t.pgettext("field type", "list"),
    }
    return names.get(kind) or t.pgettext("field type", "any value")


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
    return _type_name(text, schema.get("type", ""))


def allowed(schema: dict, text: Text | None = None) -> Md:
    text = text or text_of("en")
    parts = []
    if schema.get("type") == "array":
        if "minItems" in schema:
            parts.append(text.ngettext("at least {n} item", "at least {n} items", schema["minItems"]))
        if schema.get("uniqueItems"):
            parts.append(text.gettext("no repeats"))
        if schema.get("items", {}).get("type") != "object":
            parts.append(allowed(schema.get("items", {}), text))
    if "const" in schema:
        parts.append(text.gettext("always {value}", value=_value(schema["const"])))
    if "pattern" in schema:
        parts.append(escape(in_words(schema["pattern"], text)))
    parts += _range(text, schema.get("minimum"), schema.get("maximum"), False)
    parts += _range(text, schema.get("minLength"), schema.get("maxLength"), True)
    if "default" in schema:
        parts.append(text.gettext("default {value}", value=_value(schema["default"])))
    # "; " in the page's typography (a narrow no-break space before it in French)
    separator = text.t.typography("x; ")[1:]
    words = separator.join(part for part in parts if part and part != "—")
    if "enum" in schema:
        # one value a line, each kept whole (the stylesheet stops code breaking mid-word)
        values = "".join(f"<li>{_value(value)}</li>" for value in schema["enum"])
        one_of = text.gettext("one of:")
        words += f'{separator if words else ""}{one_of}<ul class="allowed-values">{values}</ul>'
    if "pattern" in schema:
        summary = text.gettext("Pattern, for developers")
        words += f'<details class="pattern"><summary>{summary}</summary>{code(schema["pattern"])}</details>'
    return Md(words or "—")


def rules(schema: dict, schema_file: str, prefix: str = "", text: Text | None = None) -> list[str]:
    """Conditional requirements, in sentences, for the object and the objects inside it."""
    text = text or text_of("en")
    sentences = []
    branches = [schema] + schema.get("allOf", [])
    for branch in branches:
        if "if" in branch:
            sentences.append(_if_then(branch, prefix, schema_file, text))
    if "oneOf" in schema:
        sentences.append(_one_of(schema["oneOf"], prefix, schema_file, text))
    for keyword in ("anyOf", "not", "dependentRequired", "dependentSchemas", "else"):
        if keyword in schema:
            sentences.append(_fallback(text, schema_file, keyword))
    for name, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object":
            sentences += rules(sub, schema_file, f"{prefix}{name}.", text)
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            sentences += rules(sub["items"], schema_file, f"{prefix}{name}[].", text)
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
            allowed(field.schema, text),
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
    conditions = rules(schema, kind.schema_file, text=text)
    comment = _schema_text(text, schema, "$comment")
    if comment == schema.get("$comment") and text.language != "en":
        comment = ""  # not in the catalogue: the rules above already say it, in the page's language
    if conditions or comment:
        short = text.gettext("In short:")
        blocks.append("## " + text.gettext("Rules across fields"))
        blocks.append(
            "\n".join(f"- {sentence}" for sentence in conditions)
            + (f"\n- {short} {escape(comment)}." if comment else "")
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


def _range(text: Text, low, high, characters: bool) -> list[str]:
    low_n = text.number(low) if low is not None else None
    high_n = text.number(high) if high is not None else None
    if low is not None and high is not None:
        message = text.gettext("{low} to {high} characters") if characters else text.gettext("{low} to {high}")
        return [message.format(low=low_n, high=high_n)]
    if low is not None:
        message = text.gettext("at least {low} characters") if characters else text.gettext("at least {low}")
        return [message.format(low=low_n)]
    if high is not None:
        message = text.gettext("at most {high} characters") if characters else text.gettext("at most {high}")
        return [message.format(high=high_n)]
    return []


def _fallback(text: Text, schema_file: str, keyword: str) -> str:
    # FALLBACK is this message's English start: tests find unexplained rules by it
    return text.gettext(
        "A further rule applies; see {file} ({keyword}).", file=code(schema_file), keyword=escape(keyword)
    )


def _condition(schema: dict, prefix: str, text: Text) -> str | None:
    properties = schema.get("properties", {})
    if len(properties) != 1:
        return None
    ((name, test),) = properties.items()
    if "const" in test:
        return text.gettext("{field} is {value}", field=code(prefix + name), value=_value(test["const"]))
    if set(test) == {"not"} and "const" in test["not"]:
        return text.gettext("{field} is not {value}", field=code(prefix + name), value=_value(test["not"]["const"]))
    return None


def _if_then(branch: dict, prefix: str, schema_file: str, text: Text) -> str:
    condition = _condition(branch["if"], prefix, text)
    then = branch.get("then", {})
    if condition is None or set(then) != {"required"} or "else" in branch:
        return _fallback(text, schema_file, "if/then")
    needed = text.t.join([code(prefix + name) for name in then["required"]])
    return text.ngettext(
        "When {condition}: {fields} is required.",
        "When {condition}: {fields} are required.",
        len(then["required"]),
        condition=condition,
        fields=needed,
    )


def _one_of(options: list, prefix: str, schema_file: str, text: Text) -> str:
    """The one shape understood: each option requires one field and forbids the others."""
    names = [option.get("required", [None])[0] for option in options]
    for option, name in zip(options, names, strict=True):
        others = sorted(set(names) - {name})
        if option.get("required") != [name] or sorted(option.get("not", {}).get("required", [])) != others:
            return _fallback(text, schema_file, "oneOf")
    return text.gettext("Give exactly one of {fields}.", fields=", ".join(code(prefix + name) for name in names))
