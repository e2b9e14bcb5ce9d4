"""`visits from-issue` on payloads no real form makes: every one answered, none a crash, no file left.

Exit 0 writes one record; 1 writes a comment and nothing in the repository; 2 (an
unusable event, an output that cannot be written) writes nothing at all. The
property tests at the end feed arbitrary payloads and form bodies.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import (
    ASSIGNMENT,
    EVENTS,
    VISITOR,
    add_test_records,
    codes,
    event_with_body,
    record_files,
    submit,
    well_filled_body,
    well_filled_event,
)
from visits import issuereport
from visits.config import ConfigError
from visits.issueevent import MAX_DEPTH, MAX_EVENT_BYTES

from conftest import REPO, TODAY, copy_repository, run_visits

WELL_FILLED = f"records/visits/{VISITOR}/2026/2026-11-21-{ASSIGNMENT}.yaml"


def small_repo(target: Path) -> Path:
    """Settings, schemas, the centres and the events' slice: a corpus read in milliseconds."""
    copy_repository(target, records=False)
    shutil.copytree(REPO / "records" / "centres", target / "records" / "centres")
    return add_test_records(target)


@pytest.fixture
def repo(tmp_path):
    return small_repo(tmp_path / "repo")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def with_issue(**changes) -> dict:
    event = well_filled_event()
    for key, value in changes.items():
        if value is KeyError:
            del event["issue"][key]
        else:
            event["issue"][key] = value
    return event


# --- answers no form can produce: a comment, exit 1 -------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("A-2026-0900", "A-2026-0900\ud800"),
        ("Holsbeek closed centre", "Holsbeek\udfff closed centre"),
        ("14:30", "\ud83d14:30"),
        ("- [X] family-contact", "- [X] family-contact\ud800"),
        ("lawyer, 2026-11-27", "lawyer\ud800, 2026-11-27"),
    ],
)
def test_a_lone_surrogate_in_any_answer_is_named(repo, tmp_path, old, new):
    before = tree(repo)
    result, comment = submit(repo, event_with_body(tmp_path, well_filled_body().replace(old, new)), tmp_path)
    assert result.code == 1 and "invalid-utf8" in codes(comment)
    assert tree(repo) == before


@pytest.mark.parametrize(
    "old, new, code",
    [
        ("### Duration in minutes\n\n45", "### Duration in minutes\n\n" + "4" * 5000, "out-of-range"),
        ("### Duration in minutes\n\n45", "### Duration in minutes\n\n" + "0" * 5000 + "45", None),
        ("### Duration in minutes\n\n45", "### Duration in minutes\n\n\u0664\u0665", "invalid-format"),
        ("14:30", "01:0\u0665", "invalid-format"),  # JSON Schema's \d is ASCII; Python's is not
        ("14:30", "9" * 5000 + ":30", "invalid-format"),
        ("2026-11-21", "2026-11-" + "2" * 5000, "invalid-format"),
        ("lawyer, 2026-11-27", "lawyer, " + "2" * 5000, "invalid-format"),
    ],
)
def test_long_and_foreign_numbers_are_answers_to_fix(repo, tmp_path, old, new, code):
    result, comment = submit(repo, event_with_body(tmp_path, well_filled_body().replace(old, new)), tmp_path)
    if code is None:  # leading zeros are still 45 minutes
        assert result.code == 0, comment
    else:
        assert result.code == 1 and code in codes(comment)
        assert not (repo / WELL_FILLED).exists()


@pytest.mark.parametrize(
    "body", ["", None, "   \n", "Visited today.\n\n## Assignment id\n\nA-2026-0900", "###Assignment id\nA-2026-0900"]
)
def test_a_body_without_the_form_gets_one_clear_problem(repo, tmp_path, body):
    before = tree(repo)
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and codes(comment) == {"not-a-form"}
    assert tree(repo) == before


def test_every_required_box_must_be_ticked(repo, tmp_path):
    body = well_filled_body().replace("- [X] I wrote no names", "- [ ] I wrote no names")
    result, comment = submit(repo, event_with_body(tmp_path, body), tmp_path)
    assert result.code == 1 and codes(comment) == {"not-ticked"}
    assert "**Privacy**" in comment and "I wrote no names" in comment
    removed = body.replace("\n\n### Privacy\n\n- [ ] I wrote no names, phone numbers or file numbers in this form.", "")
    result, comment = submit(repo, event_with_body(tmp_path, removed), tmp_path)
    assert result.code == 1 and codes(comment) == {"missing-heading", "not-ticked"}
    assert not (repo / WELL_FILLED).exists()


# --- payloads that are not a usable event: exit 2, nothing written ----------------------------


def deep(levels: int) -> str:
    """The well-filled event, with arrays `levels` deep in a field that is not used."""
    nested = json.dumps(with_issue(performed_via_github_app="@"))
    return nested.replace('"@"', "[" * levels + "]" * levels)


@pytest.mark.parametrize(
    "content, expected",
    [
        (
            json.dumps(with_issue(labels=[{"name": ["visit-report"]}, {"name": "visit-report"}])),
            "issue.labels[0].name: is an array, not text",
        ),
        (json.dumps(with_issue(labels=["visit-report"])), "issue.labels[0]: is text, not an object"),
        (json.dumps(with_issue(labels={"name": "visit-report"})), "issue.labels: is an object"),
        (json.dumps(with_issue(user="testvisitor-v")), "issue.user: is text, not an object"),
        (json.dumps(with_issue(user=None)), "issue.user: missing"),
        (json.dumps(with_issue(user={"login": 7})), "issue.user.login: is a number"),
        (json.dumps(with_issue(user={"login": "test\ud800"})), "issue.user.login: holds a lone surrogate"),
        (json.dumps(with_issue(number="101")), "issue.number: is text"),
        (json.dumps(with_issue(number=True)), "issue.number: is true/false"),
        (json.dumps(with_issue(number=0)), "issue.number: is outside"),
        (json.dumps(with_issue(number=KeyError)), "issue.number: missing"),
        (json.dumps(with_issue(body=["### Assignment id"])), "issue.body: is an array"),
        (json.dumps(with_issue(title={"a": 1})), "issue.title: is an object"),
        (json.dumps(with_issue(state=KeyError)), "issue.state: missing"),
        (json.dumps(with_issue(labels=[])), "has no 'visit-report' label"),
        (json.dumps(with_issue(labels=[{"name": "visit-report\ud800"}])), "labels[0].name: holds a lone surrogate"),
        (json.dumps([well_filled_event()]), "not a GitHub 'issues' event"),
        ('{"issue": {"number": ' + "1" * 5000 + "}}", "a number of 5000 digits"),
        (json.dumps(with_issue(number=10**30)), "a number of 31 digits"),
        (deep(100_000), "too-deep"),
        (deep(MAX_DEPTH), "nested deeper than"),
        ('{"issue": ' * 5000, "too-deep"),
        (b'{"issue": {"title": "\xff"}}', "invalid-utf8"),
        (b"\xef\xbb\xbf{}", "json-syntax"),
        ('{"issue": {"number": 1,}}', ":1:24: json-syntax"),
        ("", "json-syntax"),
        (b" " * (MAX_EVENT_BYTES + 1), "file-too-large"),
    ],
)
def test_an_unusable_event_is_a_usage_error_naming_the_field(repo, tmp_path, content, expected):
    path = tmp_path / "event.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    before = tree(repo)
    result, comment = submit(repo, path, tmp_path)
    assert result.code == 2 and expected in result.err, result.err
    assert comment is None and tree(repo) == before


@pytest.mark.parametrize(
    "name, expected",
    [
        ("opened-label-not-text.json", "issue.labels[1].name: is an array, not text"),
        ("opened-user-not-object.json", "issue.user: is text, not an object"),
    ],
)
def test_a_recorded_payload_of_the_wrong_shape_writes_nothing(repo, tmp_path, name, expected):
    # the user was read only after the record was written: it used to stay behind
    before = tree(repo)
    result, comment = submit(repo, EVENTS / name, tmp_path, "--out-pr-body", str(tmp_path / "pr.md"))
    assert result.code == 2 and expected in result.err and f"{name}:1:1: wrong-type:" in result.err
    assert comment is None and not (tmp_path / "pr.md").exists() and tree(repo) == before


def test_an_event_as_deep_as_allowed_is_read(repo, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(deep(MAX_DEPTH - 2))  # the event, its issue, then the arrays
    result, _ = submit(repo, event, tmp_path)
    assert result.code == 0 and (repo / WELL_FILLED).exists()


def test_an_event_that_is_not_a_file(repo, tmp_path):
    for path in (tmp_path, tmp_path / "missing.json"):
        result, _ = submit(repo, path, tmp_path)
        assert result.code == 2 and "event-unreadable" in result.err


# --- a record is kept only when the whole command succeeds ------------------------------------


def test_the_record_is_withdrawn_when_an_output_cannot_be_written(repo, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    before = tree(repo)
    result, _ = submit(repo, EVENTS / "opened-well-filled.json", tmp_path, "--out-pr-body", str(blocker / "pr.md"))
    assert result.code == 2 and "cannot write the pull request description" in result.err
    assert record_files(repo) == {path for path in before if path.startswith("records/")}


def test_the_record_is_withdrawn_when_validation_breaks(repo, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure inside validate")

    monkeypatch.setattr(issuereport.engine, "run", broken)
    before = record_files(repo)
    result = run_visits("from-issue", str(EVENTS / "opened-well-filled.json"), root=repo)
    assert result.code == 3 and "simulated failure" in result.err  # a bug, reported in one line
    assert record_files(repo) == before


def test_nothing_is_written_through_a_symlinked_folder(repo, tmp_path):
    # place() itself, as the corpus reader's own handling of symlinks is not what is tested here
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "records/visits" / VISITOR / "2026").rename(repo / "elsewhere")
    os.symlink(outside, repo / "records/visits" / VISITOR / "2026")
    draft = issuereport.Draft([], WELL_FILLED, "id: x\n", {}, {"date": "Date of the visit"})
    with pytest.raises(ConfigError, match="leads outside records/"):
        issuereport.place(repo, {}, TODAY, draft)
    assert list(outside.iterdir()) == []


def test_a_cache_in_the_repository_is_neither_read_nor_written(repo, tmp_path):
    result, _ = submit(repo, EVENTS / "opened-well-filled.json", tmp_path)
    assert result.code == 0
    assert not (repo / ".cache/visits/store.sqlite").exists()


# --- properties ------------------------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["visit-report", "testvisitor-v", "open", "\ud800", "a\udfffb", "9" * 5000, "### Notes", "_No response_"]
    ),
)
JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10**25), st.floats(), HOSTILE_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE_TEXT, inner, max_size=3),
    max_leaves=10,
)
FIELD_VALUES = {
    "number": st.one_of(JSONISH, st.integers(min_value=-5, max_value=2**40)),
    "title": JSONISH,
    "state": JSONISH,
    "body": st.one_of(JSONISH, st.just(well_filled_body())),
    "labels": st.one_of(
        JSONISH,
        st.lists(
            st.one_of(JSONISH, st.fixed_dictionaries({"name": JSONISH}), st.just({"name": "visit-report"})), max_size=3
        ),
    ),
    "user": st.one_of(JSONISH, st.fixed_dictionaries({"login": JSONISH})),
}


@st.composite
def payloads(draw) -> bytes:
    """An event with some of its used fields replaced, removed, or its text damaged."""
    event = well_filled_event()
    issue = event["issue"]
    for key in draw(st.sets(st.sampled_from(sorted(FIELD_VALUES)), max_size=3)):
        if draw(st.booleans()):
            issue[key] = draw(FIELD_VALUES[key])
        else:
            issue.pop(key)
    if draw(st.integers(0, 9)) == 0:
        event = draw(JSONISH)
    text = json.dumps(event).encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "cut", "nest", "byte"]))
    at = draw(st.integers(0, len(text)))
    if damage == "cut":
        text = text[:at]
    elif damage == "nest":
        levels = draw(st.integers(1, 3000))
        text = text.replace(b'"Visit report"', b"[" * levels + b"]" * levels, 1)
    elif damage == "byte":
        text = text[:at] + bytes([draw(st.integers(0, 255))]) + text[at:]
    return text


ANSWERS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "_No response_",
            "A-2026-0900",
            "45",
            "14:30",
            "2026-11-21",
            "fr",
            "- [X] health",
            "- [X] violence",
            "\ud800",
            "٤٥",
            "3 – fair",
            "- [X] I wrote no names, phone numbers or file numbers in this form.",
        ]
    ),
    st.integers(0, 10**6).map(str),
    st.integers(1, 6000).map(lambda n: "7" * n),
)


@st.composite
def bodies(draw) -> str:
    """The well-filled form with answers replaced, headings dropped, repeated or invented, lines broken."""
    sections = well_filled_body().split("\n\n### ")
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(0, len(sections) - 1))
        heading = sections[index].split("\n", 1)[0]
        action = draw(st.sampled_from(["answer", "drop", "repeat", "invent"]))
        if action == "answer":
            sections[index] = f"{heading}\n\n{draw(ANSWERS)}"
        elif action == "drop":
            sections.pop(index) if len(sections) > 1 else None
        elif action == "repeat":
            sections.insert(index, sections[index])
        else:
            sections.insert(index, f"{draw(st.text(max_size=15))}\n\n{draw(ANSWERS)}")
    body = "\n\n### ".join(sections)
    return body.replace("\n", "\r\n") if draw(st.booleans()) else body


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One small repository for every example; a written record is removed after each."""
    folder = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("GITHUB_OUTPUT", raising=False)
        yield small_repo(folder / "repo"), folder


def check_run(root: Path, folder: Path, payload: Path, allowed: set[int]) -> None:
    before = tree(root)
    pr_body = folder / "pr.md"
    result, comment = submit(root, payload, folder, "--out-pr-body", str(pr_body))
    assert result.code in allowed, result.err
    hypothesis.event(f"exit {result.code}")  # --hypothesis-show-statistics: every outcome is reached
    after = tree(root)
    if result.code != 0:
        assert after == before
        assert (comment is not None) == (result.code == 1)
        return
    added = set(after) - set(before)
    assert len(added) == 1 and after.keys() - added == before.keys()
    assert pr_body.exists() and run_visits("validate", "--no-cache", *added, root=root, today=TODAY).code == 0
    for path in added:  # back to the shared starting point
        (root / path).unlink()
    pr_body.unlink()


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(payload=payloads())
def test_no_payload_crashes_or_leaves_a_file(shared, payload):
    root, folder = shared
    path = folder / "event.json"
    path.write_bytes(payload)
    check_run(root, folder, path, {0, 1, 2})


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies())
def test_no_form_body_crashes_or_leaves_a_file(shared, body):
    root, folder = shared
    check_run(root, folder, event_with_body(folder, body), {0, 1})
