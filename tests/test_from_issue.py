"""`visits from-issue`: realistic issue events in, a record that validates or a clear comment out."""

from __future__ import annotations

import json
import re

import pytest

from events import (
    ASSIGNMENT,
    EVENTS,
    REFERENT,
    VISITOR,
    add_test_records,
    codes,
    event_with_body,
    outputs,
    record_files,
    submit,
    well_filled_body,
)
from visits import engine
from visits.i18n import LANGUAGES, translator
from visits.issueform import FORM_FILES, INTERPRETER, visit_form
from visits.schemas import SchemaSet
from visits.yamlstrict import load_bytes, load_text

from conftest import REPO, run_visits

WELL_FILLED = f"records/visits/{VISITOR}/2026/2026-11-21-{ASSIGNMENT}.yaml"


@pytest.fixture
def repo(example_repo):
    """The example records plus the visitor and assignment the events refer to."""
    return add_test_records(example_repo)


def test_a_well_filled_form_becomes_a_record_that_validates(repo, tmp_path, monkeypatch):
    github_output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(github_output))
    result, comment = submit(repo, EVENTS / "opened-well-filled.json", tmp_path)
    assert result.code == 0 and comment is None
    assert outputs(github_output.read_text()) == {
        "path": WELL_FILLED,
        "id": f"2026-11-21-{ASSIGNMENT}",
        "branch": "visit-report/issue-101",
        "title": f"Visit report {ASSIGNMENT} 2026-11-21",
        "urgent": "false",
        "language": "en",
    }
    data = load_bytes((repo / WELL_FILLED).read_bytes(), WELL_FILLED).data
    assert data["topics"] == ["family-contact", "emotional-support"]  # in the schema's order
    assert (data["start_time"], data["duration_minutes"], data["wellbeing"]) == ("14:30", 45, 3)
    assert data["interpreter"] is False and "concerns" not in data
    assert data["follow_up"] == [
        {
            "kind": "lawyer",
            "owner": REFERENT,
            "due": "2026-11-27",
            "status": "open",
            "action": "ask about the appeal date",
        }
    ]
    assert data["notes"] == "Talked about his daughter's birthday.\nSleeps badly because of the noise."
    check = run_visits("validate", WELL_FILLED, root=repo)
    assert check.code == 0 and "0 errors" in check.out


def test_outputs_are_printed_when_run_by_hand(repo, tmp_path):
    pr_body = tmp_path / "pr.md"
    result = run_visits("from-issue", str(EVENTS / "opened-concern.json"), "--out-pr-body", str(pr_body), root=repo)
    assert result.code == 0
    assert outputs(result.out)["urgent"] == "true"
    assert "#102 by @testvisitor-v" in pr_body.read_text()
    assert "Suicidal thoughts" in pr_body.read_text() and "does not want" not in pr_body.read_text()


def test_an_edited_issue_with_windows_line_ends_is_read(repo, tmp_path):
    result, comment = submit(repo, EVENTS / "edited-fixed.json", tmp_path)
    assert result.code == 0 and comment is None
    assert (repo / WELL_FILLED).exists()


def test_an_existing_report_is_never_overwritten(repo, tmp_path):
    assert submit(repo, EVENTS / "opened-well-filled.json", tmp_path)[0].code == 0
    before = (repo / WELL_FILLED).read_bytes()
    result, comment = submit(repo, EVENTS / "edited-fixed.json", tmp_path)
    assert result.code == 1 and codes(comment) == {"already-exists"}
    assert (repo / WELL_FILLED).read_bytes() == before


@pytest.mark.parametrize(
    "event, expected",
    [
        ("opened-missing-field.json", {"missing-field"}),
        ("opened-bad-date.json", {"invalid-format"}),
        ("opened-impossible-date.json", {"invalid-format"}),
        ("opened-unknown-assignment.json", {"unknown-assignment"}),
        ("opened-hostile-text.json", {"invalid-format", "invalid-value", "control-character"}),
        ("opened-markdown-injection.json", {"duplicate-heading", "invalid-format"}),
        ("opened-path-traversal.json", {"invalid-format"}),
        ("opened-huge-body.json", {"out-of-range"}),
        ("opened-huge-number.json", {"out-of-range"}),
        ("opened-lone-surrogate.json", {"invalid-utf8"}),
        ("opened-no-headings.json", {"not-a-form"}),
        ("opened-empty-body.json", {"not-a-form"}),
        ("opened-privacy-unticked.json", {"not-ticked"}),
    ],
)
def test_a_bad_form_gets_a_comment_and_writes_nothing(repo, tmp_path, event, expected):
    before = record_files(repo)
    result, comment = submit(repo, EVENTS / event, tmp_path)
    assert result.code == 1
    assert codes(comment) == expected
    assert record_files(repo) == before
    assert not (repo / ".github").exists()  # the traversal attempt went nowhere
    assert_harmless(comment)


def assert_harmless(comment: str) -> None:
    """Nothing typed in the form can ping, link, or render as HTML in the bot's comment."""
    outside_code = re.sub(r"`[^`\n]*`", "", comment)
    assert not re.search(r"@\w", outside_code)
    assert "<" not in outside_code and "](" not in outside_code
    assert not re.search(r"https?://", outside_code)
    assert all(ord(char) >= 32 or char == "\n" for char in comment)
    assert "\u202e" not in comment and len(comment) < 10_000


def test_hostile_notes_are_never_quoted_back(repo, tmp_path):
    notes = "Bell\u0007 <script>alert(1)</script> @example-org/coordinators"
    body = well_filled_body().replace("Sleeps badly because of the noise.", notes)
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and codes(comment) == {"control-character"}
    assert "**Notes**" in comment and "alert" not in comment and "Bell" not in comment
    assert not (repo / WELL_FILLED).exists()
    assert_harmless(comment)


def test_rules_across_records_are_applied_before_anything_is_kept(repo, tmp_path):
    body = well_filled_body().replace("visit\n\n2026-11-21", "visit\n\n2026-08-01")
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and codes(comment) == {"visit-outside-assignment"}
    assert "**Date of the visit**" in comment
    assert not (repo / f"records/visits/{VISITOR}/2026/2026-08-01-{ASSIGNMENT}.yaml").exists()


def test_a_schema_limit_is_explained_on_the_right_field(repo, tmp_path):
    body = well_filled_body().replace("### Duration in minutes\n\n45", "### Duration in minutes\n\n500 min")
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and "**Duration in minutes**" in comment
    assert codes(comment) == {"out-of-range"}


def test_a_centre_that_does_not_match_the_assignment(repo, tmp_path):
    body = well_filled_body().replace("Holsbeek closed centre", "Vottem closed centre")
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and codes(comment) == {"centre-mismatch"}


def test_a_body_longer_than_github_allows(repo, tmp_path):
    result, comment = submit(repo, event_with_body(tmp_path, "x" * 70_000), tmp_path)
    assert result.code == 1 and codes(comment) == {"body-too-long"}


def test_deleted_headings_are_named(repo, tmp_path):
    body = well_filled_body().replace("### Start time\n\n", "")
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and "missing-heading" in codes(comment)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "cannot read the event"),
        ('{"action": "created", "comment": {}}', "not a GitHub 'issues' event"),
    ],
)
def test_a_file_that_is_not_an_issue_event_is_a_usage_error(repo, tmp_path, content, message):
    path = tmp_path / "event.json"
    path.write_text(content)
    result = run_visits("from-issue", str(path), root=repo)
    assert result.code == 2 and message in result.err


def test_an_issue_without_the_label_is_refused(repo, tmp_path):
    result, _ = submit(repo, EVENTS / "opened-no-label.json", tmp_path)
    assert result.code == 2 and "visit-report" in result.err


# --- the form itself -------------------------------------------------------------------------


def committed_form(language: str = "en") -> dict:
    return load_text((REPO / FORM_FILES[language]).read_text(), FORM_FILES[language]).data


def test_the_committed_form_is_the_generated_one():
    result = run_visits("issue-form", "--check", root=REPO)
    assert result.code == 0, result.err


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_offers_exactly_the_schema_values(language):
    schema = json.loads((REPO / "schemas/visit.schema.json").read_text())
    elements = {element.get("id"): element for element in committed_form(language)["body"]}
    fields = {field.id: field for field in committed_fields(language)}

    def offered(field_id):
        return [o["label"] if isinstance(o, dict) else o for o in elements[field_id]["attributes"]["options"]]

    for field_id in ("topics", "concerns", "observations"):
        enum = schema["properties"][field_id]["items"]["enum"]
        # named in the form's language, each read back to its code
        assert [fields[field_id].value_of(option) for option in offered(field_id)] == enum
        assert elements[field_id]["type"] == "checkboxes" and len(set(offered(field_id))) == len(enum)
    levels = schema["properties"]["wellbeing"]
    expected_levels = list(range(levels["minimum"], levels["maximum"] + 1))
    assert [int(o.split()[0]) for o in offered("wellbeing")] == expected_levels
    t = translator(language)
    assert offered("interpreter") == [t.gettext(choice) for choice in INTERPRETER]
    assert committed_form(language)["labels"] == ["visit-report"]


def committed_fields(language: str):
    schemas = SchemaSet.load(REPO)
    corpus = engine.records(REPO, {"limits": {"max_file_bytes": 1 << 20, "max_depth": 12}})
    return visit_form(schemas.schemas["visit"], corpus.of("centre"), translator(language))


def test_the_forms_share_their_field_ids_and_name_their_language():
    ids = {language: [e.get("id") for e in committed_form(language)["body"]] for language in LANGUAGES}
    assert ids["nl"] == ids["fr"] == ids["en"]
    names = [committed_form(language)["name"] for language in LANGUAGES]
    assert names == ["Bezoekverslag (Nederlands)", "Rapport de visite (français)", "Visit report (English)"]
    labels = {
        language: [e["attributes"].get("label") for e in committed_form(language)["body"]] for language in LANGUAGES
    }
    # every heading differs between languages but "Centre" (en, fr): the form's language is read from them
    assert sum(a == b for a, b in zip(labels["nl"], labels["fr"], strict=True)) <= 1


def test_a_stale_form_is_caught(repo):
    assert run_visits("issue-form", root=repo).code == 0
    schema_path = repo / "schemas/visit.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["properties"]["topics"]["items"]["enum"].append("education")
    schema_path.write_text(json.dumps(schema))
    result = run_visits("issue-form", "--check", root=repo)
    assert result.code == 1 and "+    - label: education" in result.err


def render_as_github(fields, answers: dict) -> str:
    """What GitHub stores when a visitor submits the form with these answers."""
    parts = []
    for field in fields:
        value = answers.get(field.id)
        if field.type == "checkboxes":
            text = "\n".join(f"- [{'X' if o in (value or []) else ' '}] {o}" for o in field.options)
        else:
            text = value or "_No response_"
        parts.append(f"### {field.label}\n\n{text}")
    return "\n\n".join(parts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_choice_of_the_generated_form_is_read_back(repo, tmp_path, language):
    schemas = SchemaSet.load(repo)
    corpus = engine.records(repo, {"limits": {"max_file_bytes": 1 << 20, "max_depth": 12}})
    fields = visit_form(schemas.schemas["visit"], corpus.of("centre"), translator(language))
    by_id = {field.id: field for field in fields}
    answers = {
        "assignment": ASSIGNMENT,
        "centre": by_id["centre"].options[by_id["centre"].values.index("holsbeek")],
        "date": "2026-11-21",
        "start_time": "9.05",
        "duration_minutes": "50 minutes",
        "language": "AR",
        "interpreter": by_id["interpreter"].options[1],
        "topics": list(by_id["topics"].options),
        "wellbeing": by_id["wellbeing"].options[-1],
        "concerns": list(by_id["concerns"].options),
        "observations": list(by_id["observations"].options),
        "privacy": list(by_id["privacy"].options),
    }
    event = event_with_body(tmp_path, render_as_github(fields, answers))
    result, comment = submit(repo, event, tmp_path)
    assert result.code == 0, comment
    data = load_bytes((repo / WELL_FILLED).read_bytes(), WELL_FILLED).data
    assert data["topics"] == list(by_id["topics"].values)
    assert data["concerns"] == list(by_id["concerns"].values)
    assert data["observations"] == list(by_id["observations"].values)
    assert (data["start_time"], data["duration_minutes"], data["language"]) == ("09:05", 50, "ar")
    assert data["interpreter"] is True and data["wellbeing"] == 5 and "notes" not in data
