"""The corpus of invalid records: each case is one problem, caught where it is.

A case is a folder under tests/corpus/ holding file(s) at their repository paths
(added to, or replacing files in, a copy of the example repository) and an
expect.yaml naming the finding: code, file, line and optionally column. `also`
lists codes a case cannot avoid (a duplicate id cannot also sit at the right path).
A warning's case says `severity: warning` (the run still succeeds); a valid case
says `valid: true` and names its file, of which no check may say anything.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from visits.yamlstrict import load_bytes

from conftest import REPO, copy_repository, git, run_visits

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
EXPECT = "expect.yaml"

LOADER_CODES = {
    "file-too-large",
    "bom",
    "invalid-utf8",
    "control-character",
    "bidi-character",
    "yaml-syntax",
    "multiple-documents",
    "alias",
    "merge-key",
    "tag",
    "non-string-key",
    "duplicate-key",
    "too-deep",
    "empty-file",
    "not-a-mapping",
    "bad-extension",
    "unknown-kind",
}
SCHEMA_CODES = {
    "missing-field",
    "unknown-field",
    "invalid-value",
    "invalid-format",
    "wrong-type",
    "out-of-range",
    "schema-version",
    "schema-outdated",
    "duplicate-item",
    "invalid-combination",
}
RULE_CODES = {
    "path-mismatch",
    "duplicate-id",
    "unknown-volunteer",
    "unknown-person",
    "unknown-centre",
    "unknown-assignment",
    "unknown-visit",
    "referent-not-accredited",
    "visit-outside-assignment",
    "visit-in-future",
    "visit-too-long",
    "visit-overlap",
    "volunteer-double-booked",
    "outcome-before-detention",
    "transfer-outside-detention",
    "assignment-centre-mismatch",
    "unknown-candidate",
    "candidate-stage-order",
    "next-due-before-date",
    "reviewer-not-coordinator",
}
WARNING_CODES = {"identifying-text"}


def expectation(case: str) -> dict:
    path = CORPUS / case / EXPECT
    return load_bytes(path.read_bytes(), str(path)).data


def overlay_files(case: str) -> list[Path]:
    folder = CORPUS / case
    return sorted(path.relative_to(folder) for path in folder.rglob("*") if path.is_file() and path.name != EXPECT)


@contextlib.contextmanager
def overlaid(root: Path, case: str):
    """Apply a case to the shared repository copy, and take it away again afterwards."""
    replaced: dict[Path, bytes] = {}
    created: list[Path] = []
    made_folders: list[Path] = []
    try:
        for relative in overlay_files(case):
            target = root / relative
            missing = [parent for parent in reversed(target.parents) if not parent.exists()]
            for folder in missing:
                folder.mkdir()
                made_folders.append(folder)
            if target.exists():
                replaced[target] = target.read_bytes()
            else:
                created.append(target)
            target.write_bytes((CORPUS / case / relative).read_bytes())
        yield
    finally:
        for target, original in replaced.items():
            target.write_bytes(original)
        for target in created:
            target.unlink(missing_ok=True)
        for folder in reversed(made_folders):
            folder.rmdir()


def validate_json(root: Path):
    result = run_visits("validate", "--format", "json", root=root)
    return result, json.loads(result.out)


def error_keys(payload: dict, severity: str = "error") -> set[tuple]:
    return {(f["file"], f["line"], f["code"]) for f in payload["findings"] if f["severity"] == severity}


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory) -> Path:
    # One copy for the whole module: each case is applied and removed again, which
    # costs a fraction of copying 1,600 files per case.
    return copy_repository(tmp_path_factory.mktemp("corpus") / "repo")


@pytest.fixture(scope="module")
def baseline(shared_repo) -> set[tuple]:
    result, payload = validate_json(shared_repo)
    assert result.code == 0, result.out
    return error_keys(payload)


@pytest.fixture(scope="module")
def baseline_warnings(shared_repo, baseline) -> set[tuple]:
    return error_keys(validate_json(shared_repo)[1], "warning")


@pytest.mark.parametrize("case", CASES)
def test_case_is_reported_where_it_is(case, shared_repo, baseline, baseline_warnings):
    expect = expectation(case)
    with overlaid(shared_repo, case):
        result, payload = validate_json(shared_repo)
    assert "Traceback" not in result.out + result.err
    assert result.err == ""
    in_file = [f for f in payload["findings"] if f["file"] == expect["file"]]
    if expect.get("valid"):
        assert result.code == 0 and in_file == [], in_file
        return
    severity = expect.get("severity", "error")
    assert result.code == (1 if severity == "error" else 0)
    wanted = {key: expect[key] for key in ("code", "file", "line", "column") if key in expect}
    matches = [f for f in payload["findings"] if all(f[key] == value for key, value in wanted.items())]
    assert matches, f"no finding {wanted}; in that file: {in_file}"
    assert matches[0]["severity"] == severity
    added = error_keys(payload, severity) - (baseline if severity == "error" else baseline_warnings)
    allowed = {expect["code"], *expect.get("also", [])}
    assert {code for _, _, code in added} == allowed, f"the case has more than one problem: {added}"
    if severity == "warning":
        assert error_keys(payload) == baseline, "a warning's case adds no error"


def test_cases_leave_the_shared_copy_as_it_was(shared_repo, baseline):
    for case in ("duplicate-key", "referent-not-accredited", "volunteer-double-booked"):
        with overlaid(shared_repo, case):
            pass
    result, payload = validate_json(shared_repo)
    assert result.code == 0
    assert error_keys(payload) == baseline
    assert not (shared_repo / "records/people/P-2026-9001.yaml").exists()
    assert (shared_repo / "records/volunteers/koen-jacobs.yaml").read_bytes() == (
        REPO / "records/volunteers/koen-jacobs.yaml"
    ).read_bytes()


def test_corpus_covers_every_rejection_and_rule():
    assert len(CASES) >= 45
    covered = {expectation(case).get("code") for case in CASES}
    assert LOADER_CODES | SCHEMA_CODES | RULE_CODES | WARNING_CODES <= covered
    assert any(expectation(case).get("valid") for case in CASES), "no valid case"


def test_every_case_names_a_file_it_provides_or_a_real_record():
    for case in CASES:
        expect = expectation(case)
        provided = {path.as_posix() for path in overlay_files(case)}
        assert provided, case
        assert expect["file"] in provided or (REPO / expect["file"]).is_file(), case
        assert expect.get("valid") or isinstance(expect["line"], int) and expect["line"] >= 1, case


def test_git_keeps_the_corpus_bytes_exactly():
    # Binary cases (BOM, Latin-1 byte, control characters) must not be normalised on checkout.
    attributes = git(REPO, "check-attr", "text", "eol", "--", "tests/corpus/bom/records/people/P-2026-9001.yaml")
    assert "text: unset" in attributes
    assert (CORPUS / "bom/records/people/P-2026-9001.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\xe9" in (CORPUS / "invalid-utf8/records/people/P-2026-9001.yaml").read_bytes()
    assert b"\x07" in (CORPUS / "control-character/records/people/P-2026-9001.yaml").read_bytes()
