"""Validation from the memo gives exactly the findings of a full run, whatever the edits.

Each sequence makes random edits of the kinds a repository sees (new, moved,
broken, duplicated and deleted visits and expenses, overlaps, ceilings, a
changed assignment) and after every one compares the run from the memo with a
full run without any cache, finding by finding.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import time
from pathlib import Path

import pytest

import storetools
from visits import engine
from visits.config import load_config
from visits.demo import generate
from visits.engine import LoadReport, cachekey
from visits.engine.memo import UNSETTLED
from visits.engine.store import store_file
from visits.treewrite import write_records
from visits.yamlstrict import load_bytes
from visits.yamlwrite import dump

from conftest import TODAY, copy_repository, git, run_visits

MEMO_NOTE = "changed since the last run"


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    """A fictional repository small enough to validate many times: 300 visits, about 600 files,
    in a Git checkout of its own, where the cache keeps its key (each copy makes its own)."""
    root = copy_repository(tmp_path_factory.mktemp("demo") / "repo", records=False)
    write_records(root, generate(300, seed=3, until=TODAY - dt.timedelta(days=2)))
    git(root, "init", "-q")
    return root


def fresh_copy(small_demo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(small_demo, target, ignore=shutil.ignore_patterns(".cache"))
    # files as a checkout has them, changed well before the run: those changed within a second
    # of a run are hashed again the next time (Git's "racily clean"), which would blur what
    # the tests count
    an_hour_ago = time.time() - 3600
    for path in (target / "records").rglob("*.yaml"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    return target


def from_memo(root: Path) -> tuple[list, LoadReport]:
    report = LoadReport()
    outcome = engine.run(root, load_config(root), TODAY, report=report)
    return outcome.findings, report


def full(root: Path) -> list:
    return engine.run(root, load_config(root), TODAY, use_cache=False).findings


class Editor:
    """Random, realistic edits to a repository's records."""

    def __init__(self, root: Path, seed: int):
        self.root, self.random = root, random.Random(seed)

    def files(self, folder: str) -> list[Path]:
        return sorted((self.root / "records" / folder).rglob("*.yaml"))

    def pick(self, folder: str) -> Path:
        return self.random.choice(self.files(folder))

    def read(self, path: Path) -> tuple[str, dict]:
        raw = path.read_bytes()
        header = "\n".join(line for line in raw.decode().split("\n") if line.startswith("#"))
        return header, load_bytes(raw, str(path)).data

    def write(self, path: Path, header: str, data: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data, header), encoding="utf-8")

    def assignments(self) -> list[dict]:
        return [self.read(path)[1] for path in self.files("assignments")]

    def visit_for(self, assignment: dict, day: str, template: dict, start: str) -> None:
        data = {
            **template,
            "id": f"{day}-{assignment['id']}",
            "assignment": assignment["id"],
            "date": day,
            "start_time": start,
        }
        data.pop("follow_up", None)
        path = self.root / "records/visits" / assignment["volunteer"] / day[:4] / f"{data['id']}.yaml"
        if path.exists():
            data["id"] += "-2"
            path = path.with_name(f"{data['id']}.yaml")
        self.write(path, self.read(self.pick("visits"))[0], data)

    # the edits; each returns whether it touched a kind kept whole in the memo
    def overlapping_visit(self) -> bool:
        header, visit = self.read(self.pick("visits"))
        person = next(a["person"] for a in self.assignments() if a["id"] == visit["assignment"])
        same_person = [a for a in self.assignments() if a["person"] == person]
        self.visit_for(self.random.choice(same_person), visit["date"], visit, visit["start_time"])
        return False

    def new_visit(self) -> bool:
        day = (TODAY - dt.timedelta(days=self.random.randint(0, 40))).isoformat()
        template = self.read(self.pick("visits"))[1]
        self.visit_for(self.random.choice(self.assignments()), day, template, "10:00")
        return False

    def delete(self) -> bool:
        self.pick(self.random.choice(["visits", "expenses"])).unlink()
        return False

    def shift_date(self) -> bool:
        path = self.pick("visits")
        header, visit = self.read(path)
        day = dt.date.fromisoformat(visit["date"]) + dt.timedelta(days=self.random.choice([-30, -1, 1, 9]))
        self.write(path, header, {**visit, "date": day.isoformat()})
        return False

    def reassign(self) -> bool:
        path = self.pick("visits")
        header, visit = self.read(path)
        self.write(path, header, {**visit, "assignment": self.random.choice(self.assignments())["id"]})
        return False

    def big_expense(self) -> bool:
        path = self.pick("expenses")
        header, expense = self.read(path)
        expense.pop("amount_cents", None)
        self.write(path, header, {**expense, "kind": "transport", "km": self.random.choice([400, 4000])})
        return False

    def expense_elsewhere(self) -> bool:
        path = self.pick("expenses")
        header, expense = self.read(path)
        other = self.read(self.pick("visits"))[1]["id"]
        self.write(path, header, {**expense, "visit": self.random.choice([other, "2026-01-01-A-2026-9999"])})
        return False

    def break_file(self) -> bool:
        path = self.pick(self.random.choice(["visits", "expenses"]))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            self.random.choice([text + "id: twice\n", text.replace("schema_version: ", "schema_version: x")]),
            encoding="utf-8",
        )
        return False

    def duplicate(self) -> bool:
        path = self.pick(self.random.choice(["visits", "expenses"]))
        shutil.copy(path, path.with_name("copy-" + path.name))
        return False

    def duplicate_elsewhere(self) -> bool:
        """The same id in another volunteer's folder, without the visit an expense names."""
        path = self.pick(self.random.choice(["visits", "expenses"]))
        header, data = self.read(path)
        data.pop("visit", None)
        kind_folder = path.parent.parent.parent
        owner = self.random.choice([folder for folder in kind_folder.iterdir() if folder.is_dir()])
        if "volunteer" in data:
            data["volunteer"] = owner.name
        self.write(owner / path.parent.name / f"{self.random.choice(['0', 'z'])}{path.name}", header, data)
        return False

    def move_to_other_volunteer(self) -> bool:
        path = self.pick("visits")
        folders = [folder for folder in (self.root / "records/visits").iterdir() if folder.is_dir()]
        target = self.random.choice(folders) / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            path.rename(target)
        return False

    def touch(self) -> bool:
        path = self.pick("visits")
        path.write_bytes(path.read_bytes())
        return False

    def early_big_expense(self) -> bool:
        """Moves the yearly ceiling's crossing onto a later expense than the one edited."""
        path = self.random.choice(
            [folder for folder in self.root.glob("records/expenses/*/*") if len(list(folder.glob("*.yaml"))) > 2]
        )
        path = sorted(path.glob("*.yaml"))[0]
        header, expense = self.read(path)
        expense.pop("amount_cents", None)
        self.write(path, header, {**expense, "kind": "transport", "km": 1995})
        return False

    def second_visitor(self, before: bool = False) -> str:
        """A second volunteer for a detained person; `before`: one whose folder sorts first."""
        header, assignment = self.read(self.pick("assignments"))
        volunteers = [
            path.stem
            for path in self.files("volunteers")
            if path.stem != assignment["volunteer"] and (path.stem < assignment["volunteer"] or not before)
        ]
        new_id = f"A-2026-{self.random.randint(5000, 9999)}"
        self.write(
            self.root / f"records/assignments/{new_id}.yaml",
            header,
            {**assignment, "id": new_id, "volunteer": self.random.choice(volunteers)},
        )
        return new_id

    def second_person(self) -> tuple[dict, str]:
        """A second detained person for a volunteer, with an id that sorts before the others."""
        header, assignment = self.read(self.pick("assignments"))
        header_person, person = self.read(self.pick("people"))
        new_person, new_id = "P-2020-0001", "A-2020-0001"
        self.write(
            self.root / f"records/people/{new_person}.yaml",
            header_person,
            {**person, "id": new_person, "centre": assignment["centre"], "transfers": []},
        )
        self.write(
            self.root / f"records/assignments/{new_id}.yaml", header, {**assignment, "id": new_id, "person": new_person}
        )
        return assignment, new_id

    def misspell(self) -> bool:
        """A volunteer's id one letter off in a visit's follow-up or an expense, often with a field
        broken beside it: the rules still judge the record's sound fields."""
        path = self.pick(self.random.choice(["visits", "expenses"]))
        header, data = self.read(path)
        volunteer = self.pick("volunteers").stem + self.random.choice(["x", ""])
        if "volunteer" in data:
            data["volunteer"] = volunteer
        else:
            data["follow_up"] = [{"kind": "lawyer", "owner": volunteer, "due": data["date"], "status": "open"}]
        broken = self.random.choice([None, "mood", "wellbeing", "date", "km"])
        if broken:
            data[broken] = "31-06-2026" if broken == "date" else "lots"
        self.write(path, header, data)
        return False

    def misname_visit(self) -> bool:
        """A visit's id no longer its file's name; now and then an expense naming the file."""
        path = self.pick("visits")
        header, visit = self.read(path)
        other = self.random.choice(self.assignments())["id"]
        self.write(path, header, {**visit, "id": f"{visit['date']}-{other}"})
        if self.random.random() < 0.5:
            expense_path = self.pick("expenses")
            expense_header, expense = self.read(expense_path)
            self.write(expense_path, expense_header, {**expense, "visit": path.stem})
        return False

    def another_visitor(self) -> bool:
        self.second_visitor()
        return True

    def end_assignment(self) -> bool:
        path = self.pick("assignments")
        header, assignment = self.read(path)
        self.write(path, header, {**assignment, "end_date": assignment["start_date"]})
        return assignment.get("end_date") != assignment["start_date"]  # ended so already: no change

    EDITS = (
        "overlapping_visit",
        "new_visit",
        "delete",
        "shift_date",
        "reassign",
        "big_expense",
        "early_big_expense",
        "expense_elsewhere",
        "break_file",
        "duplicate",
        "duplicate_elsewhere",
        "move_to_other_volunteer",
        "misspell",
        "misname_visit",
        "touch",
        "another_visitor",
        "end_assignment",
    )

    def edit(self) -> tuple[str, bool]:
        name = self.random.choice(self.EDITS)
        return name, getattr(self, name)()


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_give_the_findings_of_a_full_run(small_demo, tmp_path, seed):
    root = fresh_copy(small_demo, tmp_path)
    assert from_memo(root)[0] == full(root)  # the first run is a full one and leaves the memo
    editor, incremental_runs, codes = Editor(root, seed), 0, set()
    for step in range(14):
        edits = [editor.edit() for _ in range(editor.random.choice([1, 1, 2, 3]))]
        findings, report = from_memo(root)
        expected = full(root)
        assert findings == expected, f"step {step}: {edits}"
        codes |= {found.code for found in expected}
        used_memo = any(MEMO_NOTE in note for note in report.notes)
        assert used_memo == (not any(whole for _, whole in edits)), edits
        incremental_runs += used_memo
    assert incremental_runs >= 8
    assert len(codes) >= 4  # the edits did make findings to compare


def test_several_edits_of_every_kind_at_once(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    editor = Editor(root, 99)
    for name in Editor.EDITS:
        if name not in ("another_visitor", "end_assignment"):
            getattr(editor, name)()
    findings, report = from_memo(root)
    assert findings == full(root)
    assert any(MEMO_NOTE in note for note in report.notes)


def same_as_full_from_memo(root: Path) -> list:
    findings, report = from_memo(root)
    assert any(MEMO_NOTE in note for note in report.notes)
    assert findings == full(root)
    return findings


def test_an_overlap_reported_on_a_file_that_did_not_change(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    editor = Editor(root, 7)
    assignment_id = editor.second_visitor(before=True)
    from_memo(root)  # a new assignment: a full run
    second = next(a for a in editor.assignments() if a["id"] == assignment_id)
    first = next(a for a in editor.assignments() if a["person"] == second["person"] and a["id"] != assignment_id)
    header, visit = editor.read(editor.files(f"visits/{first['volunteer']}")[-1])
    editor.visit_for(second, visit["date"], visit, visit["start_time"])
    findings = same_as_full_from_memo(root)
    overlaps = [found for found in findings if found.code == "visit-overlap"]
    assert overlaps and all(first["volunteer"] in found.file for found in overlaps)
    next(editor.root.glob(f"records/visits/{second['volunteer']}/*/*{assignment_id}.yaml")).unlink()
    assert "visit-overlap" not in {found.code for found in same_as_full_from_memo(root)}


def test_a_double_booking_reported_on_a_file_that_did_not_change(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    editor = Editor(root, 9)
    assignment, new_id = editor.second_person()
    from_memo(root)
    header, visit = editor.read(sorted(root.glob(f"records/visits/*/*/*{assignment['id']}.yaml"))[-1])
    second = next(a for a in editor.assignments() if a["id"] == new_id)
    editor.visit_for(second, visit["date"], visit, visit["start_time"])
    findings = same_as_full_from_memo(root)
    assert any(found.code == "volunteer-double-booked" and assignment["id"] in found.file for found in findings)
    next(root.glob(f"records/visits/*/*/*{new_id}.yaml")).unlink()
    assert "volunteer-double-booked" not in {found.code for found in same_as_full_from_memo(root)}


def test_a_duplicate_id_reported_on_a_file_that_did_not_change(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    original = sorted(root.glob("records/expenses/*/*/*.yaml"))[-1]
    editor = Editor(root, 10)
    header, expense = editor.read(original)
    expense.pop("visit", None)  # tied to the original by its id alone: another volunteer, no visit
    other = next(path.stem for path in editor.files("volunteers") if path.stem != expense["volunteer"])
    copy = root / "records/expenses" / other / original.parent.name / original.name
    editor.write(copy, header, {**expense, "volunteer": other})
    findings = same_as_full_from_memo(root)
    assert any(
        found.code == "duplicate-id" and found.file.endswith(original.relative_to(root).as_posix())
        for found in findings
    )
    copy.unlink()
    assert "duplicate-id" not in {found.code for found in same_as_full_from_memo(root)}


def test_a_ceiling_crossed_by_a_file_that_did_not_change(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    editor = Editor(root, 8)
    editor.early_big_expense()
    findings = same_as_full_from_memo(root)
    assert any(found.code == "expense-ceiling" and "km" in found.message for found in findings)


def test_an_expense_naming_the_file_of_a_visit_with_another_id(small_demo, tmp_path):
    """Its unknown-visit is folded under the visit's path-mismatch, which needs the tie of the
    visit's file name: without it, the memo's run would not load the visit and report the expense."""
    root = fresh_copy(small_demo, tmp_path)
    editor = Editor(root, 12)
    visit_path = editor.pick("visits")
    header, visit = editor.read(visit_path)
    editor.write(visit_path, header, {**visit, "id": f"{visit['date']}-{editor.assignments()[0]['id']}"})
    from_memo(root)  # the memo knows the misnamed visit
    expense_path = editor.pick("expenses")
    expense_header, expense = editor.read(expense_path)
    editor.write(expense_path, expense_header, {**expense, "visit": visit_path.stem})
    findings = same_as_full_from_memo(root)
    assert not any(
        found.file == expense_path.relative_to(root).as_posix() and found.code == "unknown-visit" for found in findings
    )
    editor.write(visit_path, header, visit)  # the id repaired: the expense now names a real visit
    assert same_as_full_from_memo(root) == full(root)


def test_the_did_you_mean_of_an_unknown_visit_follows_that_days_visits(small_demo, tmp_path):
    """An expense's unknown visit is matched among its volunteer's visits of that day: when one of
    them goes, the hint of the unchanged expense changes, from the memo as from scratch."""
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    editor = Editor(root, 13)
    expense_path = next(path for path in editor.files("expenses") if "visit" in editor.read(path)[1])
    header, expense = editor.read(expense_path)
    visit_path = next(root.glob(f"records/visits/*/*/{expense['visit']}.yaml"))
    editor.write(expense_path, header, {**expense, "visit": expense["visit"][:-1] + "9"})
    hinted = [found for found in same_as_full_from_memo(root) if found.code == "unknown-visit"]
    assert [found.hint for found in hinted] == [f"did you mean '{expense['visit']}'?"]
    visit_path.unlink()
    hinted = [found for found in same_as_full_from_memo(root) if found.code == "unknown-visit"]
    assert [found.hint for found in hinted] == ["use the id of an existing visit report"]


def test_no_change_is_answered_from_the_memo_alone(small_demo, tmp_path, monkeypatch):
    root = fresh_copy(small_demo, tmp_path)
    expected, _ = from_memo(root)

    def no_rules(*args, **kwargs):
        raise AssertionError("the rules ran although nothing changed")

    monkeypatch.setattr("visits.engine.incremental.run_rules", no_rules)
    findings, report = from_memo(root)
    assert findings == expected
    assert any("0 files changed" in note for note in report.notes)


def test_another_day_or_setting_means_a_full_run(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    later = TODAY + dt.timedelta(days=200)  # overdue reports and follow-ups appear
    report = LoadReport()
    outcome = engine.run(root, load_config(root), later, report=report)
    assert not any(MEMO_NOTE in note for note in report.notes)
    assert outcome.findings == engine.run(root, load_config(root), later, use_cache=False).findings
    assert storetools.parts_of(root, "memo")[0][-1] == later.isoformat()  # the memo of that day replaced the other


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_memo_means_a_full_run(small_demo, tmp_path, damage):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    Editor(root, 1).big_expense()
    if damage == "flip":
        storetools.flip(root, "memo")
    else:
        store = store_file(root)
        raw = store.read_bytes()
        store.write_bytes(raw[: len(raw) // 2] if damage == "truncate" else b"0" * 64)
    findings, report = from_memo(root)
    assert findings == full(root)
    assert any("damaged" in note for note in report.notes)


def _first_findings(findings: dict, value) -> dict:
    path = next(iter(findings))
    return {**findings, path: value(findings[path])}


def _starts_moved(starts: bytes) -> bytes:
    return (1).to_bytes(4, "little") + starts[4:]


MEMO_SHAPES = {  # parts: version, generation, paths, stamps, digests, ties, line starts, findings, whole, day
    "few parts": lambda parts: parts.__delitem__(slice(5, None)),
    "paths as a list": lambda parts: parts.__setitem__(2, parts[2].split("\n")),
    "stamps cut short": lambda parts: parts.__setitem__(3, parts[3][:-1]),
    "ties as bytes": lambda parts: parts.__setitem__(5, parts[5].encode()),
    "line starts moved": lambda parts: parts.__setitem__(6, _starts_moved(parts[6])),
    "findings a list": lambda parts: parts.__setitem__(7, list(parts[7].items())),
    "finding not packed": lambda parts: parts.__setitem__(7, _first_findings(parts[7], lambda packed: [packed])),
    "record cut short": lambda parts: parts.__setitem__(8, (parts[8][0][:3], *parts[8][1:])),
    "record of no kind": lambda parts: parts.__setitem__(
        8, ((parts[8][0][0], "nonsense", *parts[8][0][2:]), *parts[8][1:])
    ),
}
JOURNAL_SHAPES = {  # parts: version, generation, changed files, findings
    "journal entry a list": lambda parts: parts.__setitem__(
        2, {path: entry and list(entry) for path, entry in parts[2].items()}
    ),
    "journal stamp short": lambda parts: parts.__setitem__(
        2, {path: entry and (entry[0][:-1], *entry[1:]) for path, entry in parts[2].items()}
    ),
    "journal findings not packed": lambda parts: parts.__setitem__(3, _first_findings(parts[3], str)),
}


@pytest.mark.parametrize("shape", sorted(MEMO_SHAPES) + sorted(JOURNAL_SHAPES))
def test_a_memo_that_verifies_but_has_another_shape_means_a_full_run(small_demo, tmp_path, shape):
    root = fresh_copy(small_demo, tmp_path)
    editor = Editor(root, 21)
    editor.break_file()  # findings in the memo, for the shapes that change them
    from_memo(root)
    if shape in JOURNAL_SHAPES:
        editor.new_visit()
        from_memo(root)
        storetools.reseal(root, "journal", JOURNAL_SHAPES[shape])
    else:
        storetools.reseal(root, "memo", MEMO_SHAPES[shape])
    editor.big_expense()
    findings, report = from_memo(root)
    assert findings == full(root)
    assert any("memo" in note and "damaged" in note for note in report.notes)
    assert not any(MEMO_NOTE in note for note in report.notes)
    same_as_full_from_memo(root)  # the full run left a memo that the next run uses


def test_a_file_changed_just_after_a_run_is_hashed_again(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    editor = Editor(root, 5)
    editor.big_expense()
    from_memo(root)  # the edited file is younger than a second: its stamp is not trusted
    from visits.engine import memo as memo_module
    from visits.schemas import SchemaSet

    store = storetools.store_of(root)
    fingerprint = cachekey.fingerprint(SchemaSet.load(root).fingerprint(), load_config(root), TODAY)
    remembered, _ = memo_module.load(store, fingerprint)
    assert remembered is not None
    assert UNSETTLED in {remembered.stamp(index) for index in range(len(remembered.paths))}
    assert memo_module.exists(store, fingerprint)


def test_the_command_says_where_its_findings_came_from(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    first = run_visits("validate", "--verbose", root=root)
    Editor(root, 2).big_expense()
    second = run_visits("validate", "--verbose", root=root)
    assert MEMO_NOTE not in first.err and MEMO_NOTE in second.err
    assert second.out == run_visits("validate", "--no-cache", root=root).out


def test_a_few_changes_are_written_as_a_journal_beside_the_memo(small_demo, tmp_path):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    memo_rows = storetools.raw_rows(root, "memo")
    editor = Editor(root, 11)
    for _ in range(3):
        editor.new_visit()
        same_as_full_from_memo(root)
    assert storetools.raw_rows(root, "memo") == memo_rows
    assert sum(map(len, storetools.raw_rows(root, "journal"))) < sum(map(len, memo_rows))


def test_a_long_journal_is_folded_into_the_memo(small_demo, tmp_path, monkeypatch):
    monkeypatch.setattr("visits.engine.memo.JOURNAL_MAX", 2)
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    editor = Editor(root, 12)
    for _ in range(4):
        editor.new_visit()
        editor.big_expense()
        same_as_full_from_memo(root)
    assert "journal" not in storetools.entries(root)


@pytest.mark.parametrize("damage", ["flip", "foreign"])
def test_a_damaged_or_foreign_journal_is_no_harm(small_demo, tmp_path, damage):
    root = fresh_copy(small_demo, tmp_path)
    from_memo(root)
    editor = Editor(root, 13)
    editor.new_visit()
    from_memo(root)
    if damage == "flip":
        storetools.flip(root, "journal", 20)
    else:  # the journal of an older memo: a full run writes a new memo, the old journal is put back
        kept, fingerprint = storetools.parts_of(root, "journal")
        editor.end_assignment()
        from_memo(root)
        storetools.store_of(root).write("journal", fingerprint, kept)
    editor.big_expense()
    findings, report = from_memo(root)
    assert findings == full(root)
    assert any(MEMO_NOTE in note for note in report.notes)


def test_the_quick_ties_of_valid_records_are_the_careful_ones(small_demo, tmp_path):
    from visits.engine.ties import assignments_of, joined_ties, ties

    root = fresh_copy(small_demo, tmp_path)
    editor = Editor(root, 14)
    for edit in ("break_file", "duplicate_elsewhere", "expense_elsewhere", "reassign", "new_visit", "misname_visit"):
        getattr(editor, edit)()
    corpus = engine.records(root, load_config(root))
    assignments = assignments_of(corpus.results)
    checked = [result for result in corpus.results if result.kind in ("visit", "expense")]
    assert any(not result.valid for result in checked)
    for result in checked:
        assert joined_ties(result, assignments) == "\t".join(ties(result.kind, result.data, assignments, result.path))


def test_candidates_and_evaluations_are_judged_in_full_runs_that_the_memo_then_agrees_with(small_demo, tmp_path):
    """Their rules relate volunteers, candidates and evaluations only (rules/volunteering.py), kinds
    the memo keeps whole: a change to one of them is a full run, and a visit edited afterwards
    keeps their findings."""
    root = fresh_copy(small_demo, tmp_path)
    editor = Editor(root, 17)
    from_memo(root)
    talks = [path for path in editor.files("evaluations") if path.stem.endswith("-supervision")]
    latest = max(talks, key=lambda path: path.stem[:10])
    latest.unlink()  # that friendly visitor's last supervision talk: now overdue, or soon
    findings, report = from_memo(root)
    assert findings == full(root) and not any(MEMO_NOTE in note for note in report.notes)
    chosen = editor.pick("candidates")
    header, candidate = editor.read(chosen)
    editor.write(chosen, header, {**candidate, "stages": {**candidate["stages"], "applied": "2030-01-01"}})
    findings, report = from_memo(root)
    assert findings == full(root) and "candidate-stage-order" in {found.code for found in findings}
    editor.new_visit()
    findings = same_as_full_from_memo(root)
    assert "candidate-stage-order" in {found.code for found in findings}


def test_an_assignment_is_overdue_once_its_visits_go(small_demo, tmp_path):
    """report-overdue is the assignment's finding, from its visits alone: the a| tie."""
    root = fresh_copy(small_demo, tmp_path)
    before, _ = from_memo(root)
    overdue = {found.file for found in before if found.code == "report-overdue"}
    editor = Editor(root, 14)
    chosen = next(
        (path, visits)
        for assignment in editor.assignments()
        if not assignment.get("end_date")
        and (path := f"records/assignments/{assignment['id']}.yaml") not in overdue
        and (visits := sorted(root.glob(f"records/visits/*/*/*{assignment['id']}.yaml")))
    )
    for visit in chosen[1]:
        visit.unlink()
    findings = same_as_full_from_memo(root)
    assert any(found.code == "report-overdue" and found.file == chosen[0] for found in findings)


# Each tie the rules declare, and a change whose findings only that tie follows.
NEEDED = {
    "v": test_an_expense_naming_the_file_of_a_visit_with_another_id,
    "pd": test_an_overlap_reported_on_a_file_that_did_not_change,
    "vd": test_a_double_booking_reported_on_a_file_that_did_not_change,
    "ey": test_a_ceiling_crossed_by_a_file_that_did_not_change,
    "e": test_a_duplicate_id_reported_on_a_file_that_did_not_change,
    "a": test_an_assignment_is_overdue_once_its_visits_go,
}


def test_every_declared_tie_has_a_change_that_needs_it():
    from visits.rules import all_rules, declared_ties

    assert declared_ties() == set(NEEDED)
    assert all(isinstance(rule.ties, frozenset) for rule in all_rules())  # every rule says what it ties


@pytest.mark.parametrize("tie", sorted(NEEDED))
def test_without_its_declaration_a_tie_is_not_followed_and_the_memo_goes_wrong(small_demo, tmp_path, monkeypatch, tie):
    """The engine follows the declarations, not a list of its own: take one tie out of them and
    the change that needs it gives other findings from the memo than from scratch."""
    from visits.rules import declared_ties

    everything = declared_ties()
    monkeypatch.setattr("visits.engine.ties.declared_ties", lambda: everything - {tie})
    target = tmp_path / tie
    target.mkdir()
    with pytest.raises(AssertionError):
        NEEDED[tie](small_demo, target)


def test_an_undeclared_rule_is_refused(monkeypatch):
    from visits.rules import all_rules, timing

    def check_something(corpus, context):
        return []

    monkeypatch.setattr(timing, "RULES", (*timing.RULES, check_something))
    with pytest.raises(TypeError, match="not declared"):
        list(all_rules())
