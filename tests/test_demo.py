"""visits demo: the same seed gives the same bytes, the result is valid, the counts are exact."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from visits import engine
from visits.config import DEFAULTS
from visits.demo_monitoring import VULNERABLE
from visits.monitoring import AREA_OF

from conftest import REPO, run_visits


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, except what `visits validate` caches in .cache/."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).parts[0].startswith(".")
    }


def demo(out: Path, visits: int, seed: int):
    return run_visits("demo", "--out", str(out), "--visits", str(visits), "--seed", str(seed), root=REPO)


@pytest.fixture(scope="module")
def demo_300(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "programme"
    result = demo(out, 300, 3)
    assert result.code == 0, result.err
    return out


def test_same_seed_gives_byte_identical_trees(demo_300, tmp_path):
    again = tmp_path / "again"
    assert demo(again, 300, 3).code == 0
    first = tree(demo_300)
    assert tree(again) == first
    assert len(first) > 300


def test_another_seed_gives_another_programme(demo_300, tmp_path):
    other = tmp_path / "other"
    assert demo(other, 300, 4).code == 0
    assert tree(other) != tree(demo_300)


def test_result_validates_without_errors(demo_300):
    result = run_visits("validate", "--format", "json", root=demo_300)
    assert result.code == 0
    payload = json.loads(result.out)
    assert [f for f in payload["findings"] if f["severity"] == "error"] == []
    assert payload["records"] == len(list((demo_300 / "records").rglob("*.yaml")))


def test_counts_are_exact_and_reported(demo_300):
    assert len(list((demo_300 / "records/visits").rglob("*.yaml"))) == 300
    records = len(list((demo_300 / "records").rglob("*.yaml")))
    assert records > 300


def test_message_names_what_was_written(tmp_path):
    out = tmp_path / "small"
    result = demo(out, 40, 1)
    records = len(list((out / "records").rglob("*.yaml")))
    assert result.out == f"wrote {records} records (40 visit reports) to {out}\n"


@pytest.mark.parametrize("visits", [1, 2, 11, 13])
def test_small_programmes_have_exactly_the_visits_asked_for(tmp_path, visits):
    out = tmp_path / "tiny"
    assert demo(out, visits, 5).code == 0
    assert len(list((out / "records/visits").rglob("*.yaml"))) == visits
    checked = run_visits("validate", "--format", "json", root=out)
    assert checked.code == 0, checked.out


def test_records_carry_their_schema_line(demo_300):
    for path in list((demo_300 / "records").rglob("*.yaml"))[:50]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema.is_file() and schema.parent == (demo_300 / "schemas").resolve()


def test_existing_out_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_bytes(b"mine")
    result = demo(out, 20, 1)
    assert result.code == 2
    assert "already exists" in result.err
    assert tree(out) == {"keep.txt": b"mine"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken"]


def test_no_visits_exits_2_and_writes_nothing(tmp_path):
    result = run_visits("demo", "--out", str(tmp_path / "programme"), "--visits", "0", root=REPO)
    assert result.code == 2
    assert "--visits must be at least 1" in result.err
    assert list(tmp_path.iterdir()) == []


def test_missing_parent_folder_exits_2_and_writes_nothing(tmp_path):
    result = run_visits("demo", "--out", str(tmp_path / "missing" / "programme"), "--visits", "5", root=REPO)
    assert result.code == 2
    assert "does not exist" in result.err and "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_root_without_schemas_exits_2(tmp_path):
    result = run_visits("demo", "--out", str(tmp_path / "programme"), "--visits", "5", root=tmp_path)
    assert result.code == 2
    assert "schemas/" in result.err
    assert list(tmp_path.iterdir()) == []


def example_records(kind: str) -> list[dict]:
    corpus = engine.records(REPO, DEFAULTS)
    return [record.data for record in corpus.of(kind)]


def test_observations_are_sparse_and_recurrent_per_centre():
    assignments = {a["id"]: a for a in example_records("assignment")}
    people = {p["id"]: p for p in example_records("person")}
    roles = {v["id"]: v["role"] for v in example_records("volunteer")}
    visits = example_records("visit")
    observed = [visit for visit in visits if visit.get("observations")]
    assert 0.05 * len(visits) < len(observed) < 0.35 * len(visits)  # most visits note nothing
    share = {
        role: sum(1 for v in observed if roles[assignments[v["assignment"]]["volunteer"]] == role)
        / max(1, sum(1 for v in visits if roles[assignments[v["assignment"]]["volunteer"]] == role))
        for role in ("accredited", "friendly")
    }
    assert share["accredited"] > share["friendly"]
    by_centre: dict[str, Counter] = {}
    for visit in observed:
        assignment = assignments[visit["assignment"]]
        person = people[assignment["person"]]
        for code in visit["observations"]:
            if AREA_OF[code] == "vulnerable-people":  # only about a person with that vulnerability
                flags = {VULNERABLE[flag] for flag in person.get("vulnerabilities", ()) if flag in VULNERABLE}
                assert code in flags, (visit["id"], code)
            else:
                by_centre.setdefault(assignment["centre"], Counter())[code] += 1
    for centre, counts in by_centre.items():  # a few concerns make most of a centre's observations
        top = sum(count for _, count in counts.most_common(3))
        assert top >= 0.5 * sum(counts.values()), centre


def test_preferred_languages_are_mostly_dutch_and_french():
    volunteers = example_records("volunteer")
    preferred = Counter(v.get("preferred_language") for v in volunteers)
    assert preferred["nl"] + preferred["fr"] > 0.7 * len(volunteers)
    assert preferred["en"] < preferred["nl"] and preferred["en"] < preferred["fr"]


def test_notable_facts_each_year_at_each_centre_reviewed_and_in_three_languages():
    facts = example_records("notable-fact")
    accredited = {v["id"] for v in example_records("volunteer") if v["role"] == "accredited"}
    centres = {c["id"] for c in example_records("centre")}
    assert {fact["centre"] for fact in facts if fact["date"].startswith("2026")} == centres
    reviewed = [fact for fact in facts if "reviewed_by" in fact]
    assert len(reviewed) >= len(facts) - len(centres) and {fact["reviewed_by"] for fact in reviewed} <= accredited
    assert all(set(fact["text"]) == {"nl", "fr", "en"} for fact in facts)
