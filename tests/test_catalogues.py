"""The message catalogues: every domain's template is fresh, and every nl and fr entry translated.

The domains are globbed, so a catalogue another area adds is held to the same rules
the moment it is committed; a domain whose files mark messages but has no template
yet fails too (its messages would show in English).
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from visits.findings import error
from visits.i18n import LOCALE_DIR, catalogues, translator
from visits.i18n.findings import translate

TEMPLATES = sorted(path.stem for path in LOCALE_DIR.glob("*.pot"))
DOMAINS = sorted(set(TEMPLATES) | set(catalogues.DOMAINS))


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogues_of_every_domain_are_complete(domain):
    problems = catalogues.check((domain,))
    assert not problems, "\n".join(map(str, problems[:40]))


def test_every_committed_catalogue_belongs_to_a_template():
    orphans = [
        path.relative_to(LOCALE_DIR).as_posix()
        for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")
        if path.stem not in TEMPLATES
    ]
    assert not orphans


def test_the_check_catches_what_it_is_for(tmp_path, monkeypatch):
    """Untranslated, fuzzy and obsolete entries and placeholders that differ are all caught."""
    catalog = Catalog(locale="nl_BE")
    catalog.add("kept {name}", "bewaard {name}")
    catalog.add("lost {name}", "verloren {naam}")
    catalog.add("empty", "")
    catalog.add("guess", "gok", flags=["fuzzy"])
    catalog.add("broken {", "kapot {")
    catalog.obsolete["gone"] = catalog["kept {name}"]
    path = tmp_path / "nl" / "LC_MESSAGES" / "demo.po"
    catalogues._write(path, catalog)
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    wanted = {(text, None) for text in ("kept {name}", "lost {name}", "empty", "guess", "broken {", "missing")}
    found = "\n".join(map(str, catalogues._check_po(path, "nl", wanted)))
    assert "'lost {name}': placeholders" in found or "'lost {name}': msgstr" in found
    assert "'empty' is not translated" in found and "'guess' is fuzzy" in found
    assert "'missing' is not in the catalogue" in found
    assert "'broken {'" in found and "kept {name}" not in found.replace("'kept {name}' ", "")


def test_a_fresh_template_equals_the_committed_one():
    """Extraction is reproducible: the same messages, whatever the run."""
    for domain in TEMPLATES:
        if domain in catalogues.DOMAINS:
            assert set(catalogues.messages(catalogues.extract(domain))) == set(
                catalogues.messages(catalogues.read(catalogues.template_path(domain)))
            ), domain


@pytest.mark.parametrize(
    "code, message, hint, expected_message, expected_hint",
    [
        (
            "missing-field",
            "missing required field 'date'",
            "add 'date:' (Day of the visit. Format YYYY-MM-DD.)",
            "verplicht veld 'date' ontbreekt",
            "voeg 'date:' toe (Dag van het bezoek. Vorm JJJJ-MM-DD.)",
        ),
        (
            "unknown-field",
            "unknown field 'topcs'",
            "did you mean 'topics'?",
            "onbekend veld 'topcs'",
            "bedoel je 'topics'?",
        ),
        (
            "wrong-type",
            "duration_minutes: expected a whole number, found text",
            "Length of the visit in minutes.",
            "duration_minutes: een geheel getal verwacht, tekst gevonden",
            "Duur van het bezoek in minuten.",
        ),
        (
            "invalid-value",
            "topics: 'helth' is not allowed",
            "use one of: legal-procedure, health",
            "topics: 'helth' is niet toegelaten",
            "gebruik een van: legal-procedure, health",
        ),
        (
            "unknown-assignment",
            "no assignment with id 'A-2026-9999'",
            "",  # the code's stable hint
            "geen koppeling met id 'A-2026-9999'",
            "gebruik de id van een bestand in records/assignments/",
        ),
    ],
)
def test_findings_a_visitor_meets_are_translated(code, message, hint, expected_message, expected_hint):
    found = error("records/visits/x.yaml", 3, 1, code, message, hint)
    assert translate(translator("nl"), found) == (expected_message, expected_hint)
    assert translate(translator("en"), found) == (message, found.hint)


def test_a_message_no_template_fits_stays_english():
    found = error("x.yaml", 1, 1, "missing-field", "something new the rules say", "")
    assert translate(translator("fr"), found)[0] == "something new the rules say"


def test_every_stable_hint_is_translated():
    from visits.findings import HINTS

    for language in ("nl", "fr"):
        t = translator(language)
        untranslated = [text for text in HINTS.values() if t.gettext(text) == text]
        assert not untranslated, (language, untranslated)


def test_the_findings_a_friendly_visitor_meets_come_out_translated(example_repo):
    """One visit report per usual slip, checked for real: every message about them is in nl and fr."""
    import json
    import re

    from visits.findings import Finding, Severity

    from conftest import run_visits

    slips = [
        (r"duration_minutes: .*", "duration_minutes: 500"),  # out of range
        (r"duration_minutes: .*", "duration_minutes: an hour"),  # wrong type
        (r"wellbeing: (.*)", r"welbeing: \1"),  # unknown field, and the missing one
        (r"start_time: .*", "start_time: 9h"),  # invalid format
        (r"language: .*", "language: French"),  # invalid format
        (r"interpreter: .*", "interpreter: maybe"),  # wrong type
        (r"assignment: .*", "assignment: A-2026-9999"),  # unknown assignment
        (r"date: .*", "date: 2031-01-01"),  # in the future, outside the assignment, path and id
    ]
    visits = sorted((example_repo / "records/visits").rglob("*.yaml"))[: len(slips)]
    for path, (pattern, new) in zip(visits, slips, strict=True):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub("^" + pattern + "$", new, text, count=1, flags=re.MULTILINE), encoding="utf-8")
    result = run_visits("validate", "--no-cache", "--format", "json", root=example_repo)
    edited = {path.relative_to(example_repo).as_posix() for path in visits}
    found = [
        Finding(f["file"], f["line"], f["column"], Severity(f["severity"]), f["code"], f["message"])
        for f in json.loads(result.out)["findings"]
        if f["file"] in edited or f["file"].startswith("records/visits/")
    ]
    codes = {f.code for f in found}
    assert {"out-of-range", "wrong-type", "unknown-field", "missing-field", "invalid-format"} <= codes, codes
    assert {"unknown-assignment", "visit-in-future"} <= codes, codes
    for language in ("nl", "fr"):
        t = translator(language)
        english = [(f.code, f.message) for f in found if translate(t, f)[0] == f.message]
        assert not english, (language, english)


def test_every_enum_the_vocabulary_names_is_named_whole():
    """Each schema enum listed in SCHEMA_FIELDS has a name for every value (the catalogue test
    above holds every name translated)."""
    import json

    from visits.i18n.vocabulary import NAMES, SCHEMA_FIELDS

    from conftest import REPO

    for kind, paths in SCHEMA_FIELDS.items():
        schema = json.loads((REPO / f"schemas/{kind}.schema.json").read_text(encoding="utf-8"))
        for path, field in paths.items():
            node = schema
            for step in path.split("."):
                node = node["items"] if step == "*" else node["properties"][step]
            assert set(node["enum"]) <= set(NAMES[field]), (kind, path, set(node["enum"]) - set(NAMES[field]))
