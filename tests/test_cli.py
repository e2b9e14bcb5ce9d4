"""The `visits` command line: exit codes, --root, settings, and what `validate PATH` reports."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_repository, run_visits

PERSON = "records/people/P-2026-0001.yaml"
ASSIGNMENT = "records/assignments/A-2026-0001.yaml"


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory) -> Path:
    """Example records plus two broken files; tests that read it must not change it."""
    root = copy_repository(tmp_path_factory.mktemp("cli") / "repo")
    person = (root / PERSON).read_text(encoding="utf-8").replace("P-2026-0001", "P-2026-9001")
    (root / "records/people/P-2026-9001.yaml").write_text(set_field(person, "gender", "m"), encoding="utf-8")
    assignment = (root / ASSIGNMENT).read_text(encoding="utf-8").replace("A-2026-0001", "A-2026-9001")
    own = re.search(r"^centre: (\S+)$", assignment, re.MULTILINE)
    assert own, assignment
    other = next(p.stem for p in sorted((root / "records/centres").glob("*.yaml")) if p.stem != own[1])
    (root / "records/assignments/A-2026-9001.yaml").write_text(set_field(assignment, "centre", other), encoding="utf-8")
    return root


def set_field(text: str, field: str, value: str) -> str:
    """The record with one top-level field set to value, whatever it held before (the example data is regenerated)."""
    changed, count = re.subn(rf"^{field}: .*$", f"{field}: {value}", text, flags=re.MULTILINE)
    assert count == 1, (field, text)
    return changed


def findings_of(result) -> list[dict]:
    return json.loads(result.out)["findings"]


def test_clean_repository_exits_0(example_repo):
    result = run_visits("validate", root=example_repo)
    assert (result.code, result.err) == (0, "")
    assert " 0 errors" in result.out.splitlines()[-1]


def test_findings_from_several_files_all_appear_in_one_run(shared_repo):
    result = run_visits("validate", "--format", "json", root=shared_repo)
    assert result.code == 1
    errors = {(f["file"], f["code"]) for f in findings_of(result) if f["severity"] == "error"}
    assert errors == {
        ("records/people/P-2026-9001.yaml", "invalid-value"),
        ("records/assignments/A-2026-9001.yaml", "assignment-centre-mismatch"),
    }


def test_validate_path_reports_only_that_file_but_checks_it_against_all(shared_repo):
    # A-2026-9001 refers to P-2026-0001 and leen-lambert: known only from the other files
    result = run_visits(
        "validate", "--format", "json", str(shared_repo / "records/assignments/A-2026-9001.yaml"), root=shared_repo
    )
    assert result.code == 1
    assert [(f["file"], f["code"]) for f in findings_of(result)] == [
        ("records/assignments/A-2026-9001.yaml", "assignment-centre-mismatch")
    ]


def test_validate_path_relative_to_the_current_folder(shared_repo, monkeypatch):
    monkeypatch.chdir(shared_repo / "records")
    result = run_visits("validate", "--format", "json", "people/P-2026-9001.yaml", root=shared_repo)
    assert result.code == 1
    assert {f["file"] for f in findings_of(result)} == {"records/people/P-2026-9001.yaml"}


def test_validate_a_clean_path_exits_0_even_when_others_are_broken(shared_repo):
    result = run_visits("validate", "--format", "json", str(shared_repo / PERSON), root=shared_repo)
    assert result.code == 0
    assert [f for f in findings_of(result) if f["severity"] == "error"] == []


def test_root_points_at_another_repository(tmp_path, monkeypatch):
    other = copy_repository(tmp_path / "elsewhere", records=False)
    (other / "records/centres").mkdir()
    shutil.copy(REPO / "records/centres/vottem.yaml", other / "records/centres/vottem.yaml")
    monkeypatch.chdir(tmp_path)  # neither the project nor the repository
    result = run_visits("validate", "--format", "json", root=Path("elsewhere"))
    assert result.code == 0
    assert json.loads(result.out) == {"records": 1, "findings": []}


def test_empty_records_folder_is_fine(empty_repo):
    result = run_visits("validate", root=empty_repo)
    assert result.code == 0
    assert result.out == "0 records checked: 0 errors, 0 warnings\n"


def test_missing_records_folder_exits_2_with_a_clear_message(tmp_path):
    (tmp_path / "schemas").mkdir()
    result = run_visits("validate", root=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"visits validate: {tmp_path} has no records/ folder; is --root a visits repository?\n"


def test_repository_that_does_not_exist_exits_2(tmp_path):
    result = run_visits("validate", root=tmp_path / "missing")
    assert result.code == 2
    assert "has no records/ folder" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--no-such-option"],
        ["validate", "--format", "xml"],
        ["no-such-command"],
        [],
        ["validate", "--today", "2026-13-01"],
    ],
)
def test_usage_errors_exit_2(argv):
    result = run_visits(*argv, today=None)
    assert result.code == 2
    assert "usage: visits" in result.err


def test_help_exits_0():
    result = run_visits("validate", "--help", today=None)
    assert result.code == 0 and "--format" in result.out


@pytest.mark.parametrize(
    "settings, named",
    [
        ("colour: blue\n", "colour: unknown setting"),
        ("privacy:\n  min_count: five\n", "privacy.min_count: expected int"),
        ("privacy:\n  min_count: true\n", "privacy.min_count: expected int"),
        ("privacy: 5\n", "privacy: expected a set of settings"),
        ("privacy:\n  min_count: [5\n", "visits.yml:3:1:"),
        ("privacy:\n  min_count: 5\n  min_count: 6\n", "visits.yml:3:3: key 'min_count' already appears"),
        ("- privacy\n", "visits.yml: expected a set of settings"),
        ("severity:\n  visit-too-long: loud\n", "severity.visit-too-long: use error, warning or off"),
    ],
)
def test_broken_settings_exit_2_and_name_the_problem(empty_repo, settings, named):
    (empty_repo / "visits.yml").write_text(settings, encoding="utf-8")
    result = run_visits("validate", root=empty_repo)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("visits validate: ") and named in result.err


def test_every_settings_problem_in_one_message(empty_repo):
    (empty_repo / "visits.yml").write_text("colour: blue\nprivacy:\n  min_count: five\n", encoding="utf-8")
    result = run_visits("validate", root=empty_repo)
    assert result.code == 2
    assert "colour" in result.err and "privacy.min_count" in result.err


def test_severity_setting_regrades_and_switches_off(shared_repo, tmp_path):
    root = copy_repository(tmp_path / "regraded")
    for broken in ("records/people/P-2026-9001.yaml", "records/assignments/A-2026-9001.yaml"):
        shutil.copy(shared_repo / broken, root / broken)
    with open(root / "visits.yml", "a", encoding="utf-8") as settings:
        settings.write('severity:\n  invalid-value: warning\n  assignment-centre-mismatch: "off"\n')
    result = run_visits("validate", "--format", "json", root=root)
    assert result.code == 0
    codes = {(f["code"], f["severity"]) for f in findings_of(result)}
    assert ("invalid-value", "warning") in codes
    assert all(code != "assignment-centre-mismatch" for code, _ in codes)


def test_unreadable_record_is_a_finding_not_a_crash(tmp_path):
    root = copy_repository(tmp_path / "repo", records=False)
    (root / "records/people").mkdir()
    (root / "records/people/P-2026-0001.yaml").write_bytes(b"\xff\xfe\x00\x00broken")
    (root / "records/people/P-2026-0002.yaml").write_bytes(b"id: [\n")
    result = run_visits("validate", root=root)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert "records/people/P-2026-0001.yaml:1:1: error bom:" in result.out
    assert "records/people/P-2026-0002.yaml:2:1: error yaml-syntax:" in result.out


def test_each_command_module_is_named_after_its_command():
    # the CLI imports only the module of the command asked for, found by this name
    import pkgutil
    from importlib import import_module

    import visits.commands

    for info in pkgutil.iter_modules(visits.commands.__path__):
        module = import_module(f"visits.commands.{info.name}")
        assert module.NAME.replace("-", "_") == info.name


def test_a_clean_validation_does_not_load_the_explaining_validator(example_repo):
    import subprocess
    import sys

    probe = (
        "import sys; from visits.cli import main; code = main(['validate', '--root', sys.argv[1], "
        "'--today', '2026-11-22']); print('jsonschema' in sys.modules, code)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(example_repo)], capture_output=True, text=True)
    assert done.stdout.split()[-2:] == ["False", "0"]


def test_a_misspelt_path_is_a_usage_error_and_a_folder_means_its_records(example_repo):
    missing = run_visits("validate", "records/peple", root=example_repo)
    assert missing.code == 2 and "records/peple: no such file or folder" in missing.err
    person = sorted((example_repo / "records" / "people").glob("*.yaml"))[0]
    person.write_text(person.read_text(encoding="utf-8") + "nickname: x\n", encoding="utf-8")
    folder = run_visits("validate", "records/people", "--format", "json", root=example_repo)
    elsewhere = run_visits("validate", "records/centres", "--format", "json", root=example_repo)
    assert folder.code == 1 and '"unknown-field"' in folder.out
    assert elsewhere.code == 0 and '"findings": []' in elsewhere.out


def test_a_closed_output_pipe_stops_quietly(example_repo):
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "visits",
        "validate",
        "--root",
        str(example_repo),
        "--today",
        "2026-11-22",
        "--format",
        "json",
        "--no-cache",
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stdout.close()  # like `| head -0`: nobody reads the findings
        error = process.stderr.read().decode()
        assert process.wait() in (0, 141)
    assert "internal error" not in error and "Traceback" not in error and "BrokenPipe" not in error
