"""The Dutch and French forms: the same record as the English one, and every reply in the form's language.

The events are what GitHub stores when the well-filled report of
`opened-well-filled.json` is submitted with the generated Dutch and French forms
(`tests/events/opened-well-filled-{nl,fr}.json`), follow-up kind typed by its name
in that language.
"""

from __future__ import annotations

import json

import pytest

from events import ASSIGNMENT, EVENTS, VISITOR, add_test_records, codes, outputs, submit
from visits.yamlstrict import load_bytes

from conftest import run_visits

RECORD = f"records/visits/{VISITOR}/2026/2026-11-21-{ASSIGNMENT}.yaml"


@pytest.fixture
def repo(example_repo):
    return add_test_records(example_repo)


def record_from(repo, tmp_path, event_name: str, *options: str):
    """The record an event makes, the step outputs, the pull request body and the replies."""
    folder = tmp_path / event_name
    folder.mkdir()
    result = run_visits(
        "from-issue",
        str(EVENTS / event_name),
        "--out-pr-body",
        str(folder / "pr.md"),
        "--out-replies",
        str(folder / "replies"),
        *options,
        root=repo,
    )
    assert result.code == 0, result.out + result.err
    data = load_bytes((repo / RECORD).read_bytes(), RECORD).data
    (repo / RECORD).unlink()
    replies = {path.stem: path.read_text(encoding="utf-8") for path in (folder / "replies").iterdir()}
    return data, outputs(result.out), (folder / "pr.md").read_text(encoding="utf-8"), replies


def test_the_dutch_and_french_forms_give_the_english_forms_record(repo, tmp_path):
    english, en_out, en_pr, en_replies = record_from(repo, tmp_path, "opened-well-filled.json")
    dutch, nl_out, nl_pr, nl_replies = record_from(repo, tmp_path, "opened-well-filled-nl.json")
    french, fr_out, fr_pr, fr_replies = record_from(repo, tmp_path, "opened-well-filled-fr.json")
    assert dutch == english == french
    assert english["follow_up"][0]["kind"] == "lawyer"  # typed "advocaat" and "avocat"
    assert (en_out["language"], nl_out["language"], fr_out["language"]) == ("en", "nl", "fr")
    assert nl_out["title"] == f"Bezoekverslag {ASSIGNMENT} 2026-11-21"
    assert fr_out["title"] == f"Rapport de visite {ASSIGNMENT} 2026-11-21"
    assert nl_pr.startswith("Bezoekverslag ingediend met het webformulier in #111 door @testvisitor-v.")
    assert "- Zorgen over veiligheid: geen" in nl_pr
    assert fr_pr.startswith("Rapport de visite envoyé avec le formulaire web dans #112 par @testvisitor-v.")
    assert "- Inquiétudes pour la sécurité\u202f: aucune" in fr_pr  # French spacing before the colon
    assert en_replies["thanks"].startswith("Thank you! Your report is now pull request {url}")
    assert nl_replies["thanks"].startswith("Bedankt! Je verslag is nu pull request {url}")
    assert fr_replies["thanks"].startswith("Merci\u202f! Votre rapport est maintenant la pull request {url}")
    assert set(nl_replies) == set(fr_replies) == {"thanks", "moved", "branch-exists", "failed"}
    assert "{branch}" in fr_replies["branch-exists"] and "{url}" in nl_replies["moved"]


def test_lang_overrides_the_forms_language(repo, tmp_path):
    _, out, pr, replies = record_from(repo, tmp_path, "opened-well-filled-nl.json", "--lang", "fr")
    assert out["language"] == "fr" and pr.startswith("Rapport de visite envoyé")
    assert replies["failed"].startswith("Le bot n'a pas pu traiter ce rapport")


def with_body_changed(tmp_path, language: str, old: str, new: str):
    event = json.loads((EVENTS / f"opened-well-filled-{language}.json").read_text(encoding="utf-8"))
    assert old in event["issue"]["body"]
    event["issue"]["body"] = event["issue"]["body"].replace(old, new)
    path = tmp_path / f"event-{language}.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "language, old, new, expected",
    [
        ("nl", "2026-11-21", "21/11/2026", "- **Datum van het bezoek**: `21/11/2026` heeft niet de verwachte vorm"),
        ("fr", "2026-11-21", "21/11/2026", "- **Date de la visite**\u202f: `21/11/2026` n'a pas la forme attendue"),
        ("nl", "A-2026-0900", "A-2026-0999", "er is geen koppeling `A-2026-0999`"),
        ("fr", "- [X] Je n'ai", "- [ ] Je n'ai", "la case `Je n'ai écrit ni nom"),
    ],
)
def test_what_to_fix_is_said_in_the_forms_language(repo, tmp_path, language, old, new, expected):
    result, comment = submit(repo, with_body_changed(tmp_path, language, old, new), tmp_path)
    assert result.code == 1 and expected in comment
    heading = {"nl": "### Het bezoekverslag kon nog niet worden aangemaakt", "fr": "### Le rapport de visite"}
    assert comment.startswith(heading[language])
    assert not (repo / RECORD).exists()


def test_a_rule_across_records_is_explained_in_the_forms_language(repo, tmp_path):
    # the date is a real day but outside the assignment: the finding of a rule, translated
    result, comment = submit(repo, with_body_changed(tmp_path, "nl", "2026-11-21", "2026-08-01"), tmp_path)
    assert result.code == 1 and codes(comment) == {"visit-outside-assignment"}
    assert "**Datum van het bezoek**" in comment and "valt buiten koppeling" in comment
    assert "Zo los je het op: controleer de datum, of verleng de koppeling." in comment
