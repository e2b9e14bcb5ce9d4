"""Notable facts: what the identifying-text rule catches, and what it lets through.

The corpus (tests/corpus/identifying-text-*, notable-fact-valid, reviewer-not-coordinator)
covers the rules as `visits validate` runs them; these tests pin the detector's edges.
"""

from __future__ import annotations

import pytest

from visits import engine
from visits.codeowners import generate
from visits.config import DEFAULTS
from visits.layout import KINDS
from visits.rules.notable import fold, identifying, names_in_records

from conftest import REPO, run_visits

NAMES = frozenset({"peeters", "elodie", "wouters", "noor"})


def found(text: str) -> list[tuple[str, str]]:
    return identifying(text, NAMES)


@pytest.mark.parametrize(
    ("text", "what", "shown"),
    [
        ("Le résident P-2026-0042 a été blessé.", "a person code", "P-2026-0042"),
        ("dossier p20260042", "a person code", "p20260042"),
        ("Candidate C-2025-0007 withdrew.", "a candidate code", "C-2025-0007"),
        ("Assignment A-2026-0001 ended.", "an assignment id", "A-2026-0001"),
        ("file 1234567 was reopened", "an Immigration Office file number", "1234567"),
        ("OE 12345 refused", "an Immigration Office file number", "OE 12345"),
        ("DVZ-nummer 8.765.432", "an Immigration Office file number", "DVZ-nummer 8.765.432"),
        ("dossier n° 7 654 321", "an Immigration Office file number", "dossier n° 7 654 321"),
        ("SP:123456", "an Immigration Office file number", "SP:123456"),
        ("visited by ÉLODIE", "a name from the volunteers' records", "ÉLODIE"),
        ("Mevrouw Peeters zag het.", "a name from the volunteers' records", "Peeters"),
    ],
)
def test_what_looks_identifying_is_named(text, what, shown):
    assert (what, shown) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Du 12 au 19 mars, 14 résidents ont refusé de s'alimenter.",
        "Op 2026-03-12 om 14:00 werden 120 bewoners overgebracht.",
        "In 2025, 12 people were moved; 35 in 2026.",
        "Noord-vleugel gesloten.",  # a name inside a longer word is no name
        "Peetersstraat",
        "",
    ],
)
def test_plain_facts_pass(text):
    assert found(text) == []


def test_names_are_folded_and_particles_left_out(example_repo):
    corpus = engine.records(example_repo, DEFAULTS)
    names = names_in_records(corpus)
    volunteer = corpus.of("volunteer")[0]
    first, _, last = volunteer.id.partition("-")
    assert {first, last.split("-")[-1]} <= names
    assert names.isdisjoint({"de", "van", "le", "la"})
    assert all(name == fold(name) for name in names)


def test_the_example_facts_hold_nothing_identifying(example_repo):
    corpus = engine.records(example_repo, DEFAULTS)
    names = names_in_records(corpus)
    for fact in corpus.of("notable-fact"):
        for language, text in fact.data["text"].items():
            assert identifying(text, names) == [], (fact.path, language)


def test_the_coordinators_own_the_notable_facts(example_repo):
    corpus = engine.records(example_repo, DEFAULTS)
    text = generate(corpus, DEFAULTS)
    folder = f"/records/{KINDS['notable-fact'].folder}/"
    rule = next(line for line in text.splitlines() if line.startswith(folder))
    assert rule.split()[1:] == [DEFAULTS["review"]["coordinators"]]
    # GitHub applies the last matching rule: no later one may give the folder to someone else
    later = text.split(rule, 1)[1]
    assert "/records/notable-facts" not in later and REPO.joinpath(".github/CODEOWNERS").read_text().count(folder) == 1


def test_visits_new_notable_fact_takes_the_text_and_numbers_a_second_one(example_repo):
    made = []
    for text in ("Visits were suspended for two days.", "The centre was locked down."):
        result = run_visits(
            "new",
            "notable-fact",
            "--centre",
            "vottem",
            "--date",
            "2026-07-08",
            "--set",
            f"en={text}",
            root=example_repo,
        )
        assert result.code == 0, result.err
        made.append(result.out.split("wrote ", 1)[1].strip())
    assert made == [
        "records/notable-facts/2026/2026-07-08-vottem.yaml",
        "records/notable-facts/2026/2026-07-08-vottem-2.yaml",
    ]
    written = (example_repo / made[1]).read_text(encoding="utf-8")
    assert "text:\n  en: The centre was locked down.\n" in written and "reviewed_by" not in written
    assert run_visits("validate", root=example_repo).code == 0
    missing = run_visits("new", "notable-fact", "--centre", "vottem", root=example_repo)
    assert missing.code == 2 and "--set nl=" in missing.err
