"""The field reference is generated from the schemas at every build; these tests make sure it
describes all of them, so a schema change the generator cannot explain fails here."""

from __future__ import annotations

import copy
import html
import re

import pytest

from visits.layout import KINDS
from visits.schemas import SchemaSet
from visits.site.patterns import UNEXPLAINED
from visits.site.reference import FALLBACK, reference_pages
from visits.site.text import text_of

from conftest import REPO

SCHEMAS = SchemaSet.load(REPO).schemas


def rows_of(page: str) -> dict[str, list[str]]:
    """Field path -> the other cells of its row, as a reader sees them."""
    rows = {}
    for line in page.splitlines():
        if line.startswith("| <code>"):
            cells = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in line.strip().strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def every_property(schema: dict, prefix: str = ""):
    """An independent walk of the schema: (path, property schema, required)."""
    for name, sub in schema.get("properties", {}).items():
        yield prefix + name, sub, name in schema.get("required", [])
        if "properties" in sub:
            yield from every_property(sub, f"{prefix}{name}.")
        if "properties" in sub.get("items", {}):
            yield from every_property(sub["items"], f"{prefix}{name}[].")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_of_every_schema_is_described(kind):
    schema = SCHEMAS[kind]
    rows = rows_of(reference_pages(SCHEMAS)[f"{kind}.md"])
    expected = list(every_property(schema))
    assert [path for path, _, _ in expected] == list(rows)
    for path, sub, required in expected:
        kind_cell, required_cell, allowed_cell, meaning_cell = rows[path]
        assert required_cell == ("yes" if required else "no"), path
        assert sub["description"] in meaning_cell and sub["title"] in meaning_cell
        for value in sub.get("enum", []) + sub.get("items", {}).get("enum", []):
            assert value in allowed_cell, (path, value)
        for key in ("pattern",):
            for spec in (sub, sub.get("items", {})):
                if key in spec:
                    assert spec[key] in allowed_cell, path
        assert kind_cell


def required_by_rules(schema: dict) -> set[str]:
    """Field names a conditional rule (if/then, oneOf) anywhere in the schema requires."""
    found = set()
    for branch in [schema, *schema.get("allOf", [])]:
        found |= set(branch.get("then", {}).get("required", []))
    for option in schema.get("oneOf", []):
        found |= set(option.get("required", []))
    for sub in schema.get("properties", {}).values():
        found |= required_by_rules(sub) | required_by_rules(sub.get("items", {}))
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_rule_across_fields_is_explained(kind):
    page = reference_pages(SCHEMAS)[f"{kind}.md"]
    assert FALLBACK not in page
    names = required_by_rules(SCHEMAS[kind])
    if names:
        rules = html.unescape(re.sub(r"<[^>]+>", "", page.split("## Rules across fields")[1]))
        for name in names:
            assert re.search(rf"\b{re.escape(name)}\b.*(required|exactly one)|exactly one of .*\b{name}\b", rules), (
                kind,
                name,
            )


def test_the_reference_follows_a_schema_change():
    changed = copy.deepcopy(SCHEMAS)
    changed["meeting"]["properties"]["agenda"] = {
        "type": "array",
        "title": "Agenda",
        "description": "Points discussed.",
        "items": {"type": "string", "enum": ["budget", "cases"]},
    }
    rows = rows_of(reference_pages(changed)["meeting.md"])
    assert rows["agenda"][:2] == ["list of text", "no"] and "budget" in rows["agenda"][2]


def test_a_rule_the_generator_cannot_explain_is_flagged_not_dropped():
    changed = copy.deepcopy(SCHEMAS)
    changed["meeting"]["anyOf"] = [{"required": ["place"]}, {"required": ["attendees"]}]
    assert FALLBACK in reference_pages(changed)["meeting.md"]


def test_the_index_lists_every_kind_in_folder_order():
    index = reference_pages(SCHEMAS)["index.md"]
    assert [f"({kind}.md)" in index for kind in KINDS] == [True] * len(KINDS)
    assert list(reference_pages(SCHEMAS)) == ["index.md", *[f"{kind}.md" for kind in KINDS]]


def allowed_cells(page: str) -> dict[str, str]:
    """Field path -> the raw Markdown/HTML of its 'Allowed values' cell."""
    return {
        html.unescape(re.sub(r"<[^>]+>", "", line.split("|")[1])).strip(): line.split("|")[4].strip()
        for line in page.splitlines()
        if line.startswith("| <code>")
    }


def test_patterns_are_said_in_words_with_the_expression_only_for_developers():
    visit = allowed_cells(reference_pages(SCHEMAS)["visit.md"])
    shown, _, folded = visit["date"].partition("<details")
    assert "a date, YYYY-MM-DD" in shown
    assert "&#92;d" not in shown and "&#94;" not in shown  # no piece of the expression outside
    assert "Pattern, for developers" in folded and "&#92;d&#123;4&#125;" in folded
    for kind in KINDS:  # every pattern of every schema has its sentence
        assert UNEXPLAINED not in reference_pages(SCHEMAS)[f"{kind}.md"], kind


def test_a_pattern_without_words_is_flagged_not_shown_bare():
    changed = copy.deepcopy(SCHEMAS)
    changed["meeting"]["properties"]["room"] = {
        "type": "string",
        "title": "Room",
        "description": "Where.",
        "pattern": "^R[0-9]+$",
    }
    cell = allowed_cells(reference_pages(changed)["meeting.md"])["room"]
    assert cell.startswith(UNEXPLAINED) and "<details" in cell


@pytest.mark.parametrize("kind", list(KINDS))
def test_allowed_values_are_a_list_one_value_an_item(kind):
    cells = allowed_cells(reference_pages(SCHEMAS)[f"{kind}.md"])
    for path, sub, _ in every_property(SCHEMAS[kind]):
        values = sub.get("enum") or sub.get("items", {}).get("enum")
        if values:
            items = re.findall(r"<li><code>(.*?)</code></li>", cells[path])
            assert [html.unescape(item) for item in items] == values, path
            assert 'class="allowed-values"' in cells[path]
    # the stylesheet keeps each value whole: code in a table cell never breaks mid-word
    css = (REPO / "docs" / "internal" / "assets" / "internal.css").read_text(encoding="utf-8")
    rule = css.split(".md-typeset td code", 1)[1].split("}", 1)[0]
    assert "white-space: nowrap" in rule and "word-break: normal" in rule


# The reference in Dutch and French: every cell and rule in the page's words, none left in English.
ENGLISH_WORDS = (
    "one of",
    "at least",
    "at most",
    "no repeats",
    "always",
    "default",
    "characters",
    "When ",
    "required",
    "exactly one",
    "Pattern, for developers",
    "e.g.",
    "list of",
    "whole number",
    "true or false",
)
IN_WORDS = {
    "nl": {
        "date": "een datum, JJJJ-MM-DD (bv. 2026-03-12)",
        "pattern": "Patroon, voor ontwikkelaars",
        "topics": "minstens 1 element; geen herhalingen; een van:",
        "rule": "Als <code>role</code> <code>friendly</code> is: <code>referent</code> is verplicht.",
        "both": "<code>weekly&#95;hours</code> en <code>accreditation</code> zijn verplicht.",
        "type": "geheel getal",
    },
    "fr": {
        "date": "une date, AAAA-MM-JJ (p. ex. 2026-03-12)",
        "pattern": "Motif, pour les développeurs",
        "topics": "au moins 1 élément\u202f; sans doublons\u202f; une des valeurs suivantes\u202f:",
        "rule": "Lorsque <code>role</code> vaut <code>friendly</code>\u202f: <code>referent</code> est obligatoire.",
        "both": "<code>weekly&#95;hours</code> et <code>accreditation</code> sont obligatoires.",
        "type": "nombre entier",
    },
}


@pytest.mark.parametrize("language", sorted(IN_WORDS))
def test_the_reference_is_in_the_pages_language(language):
    words = IN_WORDS[language]
    pages = reference_pages(SCHEMAS, text_of(language))
    visit = allowed_cells(pages["visit.md"])
    assert visit["date"].startswith(words["date"]) and words["pattern"] in visit["date"]
    assert visit["topics"].startswith(words["topics"])
    assert words["type"] in pages["visit.md"]
    volunteer = pages["volunteer.md"].split("\n## ")[-1]
    assert words["rule"] in volunteer and words["both"] in volunteer
    for kind in KINDS:
        page = pages[f"{kind}.md"]
        assert UNEXPLAINED not in page and FALLBACK not in page, kind
        cells = " ".join(allowed_cells(page).values())
        rules = page.split("\n## ")[-1] if page.count("\n## ") > 1 else ""
        for english in ENGLISH_WORDS:
            assert english not in cells and english not in rules, (kind, english)
        assert [re.findall(r"<li><code>(.*?)</code></li>", cell) for cell in allowed_cells(page).values()] == [
            re.findall(r"<li><code>(.*?)</code></li>", cell)
            for cell in allowed_cells(reference_pages(SCHEMAS)[f"{kind}.md"]).values()
        ], kind  # the codes a record holds stay as they are


def test_an_unexplained_rule_is_flagged_in_every_language():
    changed = copy.deepcopy(SCHEMAS)
    changed["meeting"]["anyOf"] = [{"required": ["place"]}, {"required": ["attendees"]}]
    assert (
        "Er geldt nog een regel; zie <code>schemas/meeting.schema.json</code> (anyOf)."
        in reference_pages(changed, text_of("nl"))["meeting.md"]
    )
    assert "Une autre règle s'applique\u202f; voir" in reference_pages(changed, text_of("fr"))["meeting.md"]
