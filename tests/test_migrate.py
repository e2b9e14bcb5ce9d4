"""visits migrate: version-1 visit reports upgraded by their schema_version line alone.

Real git repositories copied from the example records, with some visits turned back
into version 1 the ways people write YAML (comments, keys in another order, CRLF).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from visits import scratch

from conftest import REPO, copy_repository, git, init_git, run_visits


def old_visits(root: Path) -> dict[Path, bytes]:
    """Three example visits written back as version 1, each in a shape of its own; their
    bytes as version 2 would be, by path."""
    paths = sorted((root / "records/visits").rglob("*.yaml"))[:3]
    expected = {}
    commented, reordered, crlf = paths
    text = commented.read_text(encoding="utf-8").replace("schema_version: 2\n", "schema_version: 1   # as written\n")
    commented.write_text("# a visitor's own note at the top\n" + text, encoding="utf-8")
    expected[commented] = commented.read_bytes().replace(b"schema_version: 1   #", b"schema_version: 2   #")
    lines = reordered.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith("schema_version:")] + ["schema_version:  1\n"]
    reordered.write_text("".join(lines), encoding="utf-8")
    expected[reordered] = reordered.read_bytes().replace(b"schema_version:  1\n", b"schema_version:  2\n")
    raw = crlf.read_bytes().replace(b"schema_version: 2\n", b"schema_version: 1\n").replace(b"\n", b"\r\n")
    crlf.write_bytes(raw)
    expected[crlf] = raw.replace(b"schema_version: 1\r\n", b"schema_version: 2\r\n")
    return expected


@pytest.fixture
def repo(tmp_path) -> tuple[Path, dict[Path, bytes]]:
    root = copy_repository(tmp_path / "repo")
    (root / ".gitignore").write_text("/.cache/\n")
    expected = old_visits(root)
    init_git(root)
    return root, expected


def debris(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in root.rglob(f"{scratch.PREFIX}*")]


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def test_an_old_record_is_an_error_that_names_the_command(repo):
    root, expected = repo
    result = run_visits("validate", "--format", "json", root=root)
    assert result.code == 1
    found = [f for f in json.loads(result.out)["findings"] if f["severity"] == "error"]
    assert {f["code"] for f in found} == {"schema-outdated"}
    assert {f["file"] for f in found} == {relative(root, path) for path in expected}
    # in English: unasked, validate writes in the preferred language of the visit's author
    text = run_visits("validate", "--lang", "en", relative(root, next(iter(expected))), root=root).out
    assert "schema_version 1 is older than this schema's version 2" in text and "visits migrate" in text


def test_migrate_changes_the_version_line_and_nothing_else(repo):
    root, expected = repo
    check = run_visits("migrate", "--check", root=root)
    assert check.code == 1 and "run `visits migrate`" in check.err
    assert all(f"would migrate {relative(root, path)}: visit schema_version 1 -> 2" in check.out for path in expected)
    done = run_visits("migrate", root=root)
    assert done.code == 0, done.out + done.err
    assert all(f"migrated {relative(root, path)}: visit schema_version 1 -> 2" in done.out for path in expected)
    assert "3 records migrated (3 visit 1 -> 2)" in done.out
    for path, wanted in expected.items():
        assert path.read_bytes() == wanted, path
    changed = git(root, "status", "--porcelain", "--untracked-files=all").split("\n")
    assert sorted(line[3:] for line in changed if line) == sorted(relative(root, path) for path in expected)
    numstat = git(root, "diff", "--numstat").split("\n")
    assert all(line.startswith("1\t1\t") for line in numstat if line)  # one line out, one in, per file
    assert run_visits("migrate", "--check", root=root).code == 0
    assert run_visits("validate", root=root).code == 0
    assert debris(root) == []


def test_dry_run_lists_and_changes_nothing(repo):
    root, expected = repo
    before = {path: path.read_bytes() for path in expected}
    result = run_visits("migrate", "--dry-run", root=root)
    assert result.code == 0 and "3 records to migrate" in result.out
    assert {path: path.read_bytes() for path in expected} == before
    assert git(root, "status", "--porcelain") == ""


def test_unreadable_and_invalid_records_are_findings_and_left_alone(repo):
    root, expected = repo
    good = next(iter(expected))
    folder = good.parent
    broken = {
        "2026-01-01-A-2026-9001.yaml": "schema_version: 1\nid: [unclosed\n",  # yaml-syntax
        "2026-01-02-A-2026-9001.yaml": 'schema_version: "1"\nid: 2026-01-02-A-2026-9001\n',  # text, no version
        "2026-01-03-A-2026-9001.yaml": "{schema_version: 1, id: 2026-01-03-A-2026-9001}\n",  # no line of its own
    }
    for name, text in broken.items():
        (folder / name).write_text(text, encoding="utf-8")
    # a version-1 record with another problem: upgraded, it would still not pass
    extra = folder / "2026-01-04-A-2026-9001.yaml"
    extra.write_text(good.read_text(encoding="utf-8").replace("wellbeing:", "mood: good\nwellbeing:"), encoding="utf-8")
    link = folder / "2026-01-05-A-2026-9001.yaml"
    link.symlink_to(good)
    untouched = {
        path: path.read_bytes() for path in folder.iterdir() if path.name.startswith("2026-01-0") and path != link
    }
    result = run_visits("migrate", root=root)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    where = {line.split(": ", 1)[0].rsplit(":", 2)[0]: line for line in result.err.splitlines() if "error " in line}
    codes = {Path(path).name: line.split("error ", 1)[1].split(":", 1)[0] for path, line in where.items()}
    assert codes == {
        "2026-01-01-A-2026-9001.yaml": "yaml-syntax",
        "2026-01-02-A-2026-9001.yaml": "schema-version",
        "2026-01-03-A-2026-9001.yaml": "migration-failed",
        "2026-01-04-A-2026-9001.yaml": "migration-failed",
        "2026-01-05-A-2026-9001.yaml": "not-a-regular-file",
    }
    assert "unknown-field" in where[relative(root, extra)]
    assert {path: path.read_bytes() for path in untouched} == untouched
    assert link.is_symlink() and os.readlink(link) == str(good)  # never followed, never replaced
    for path, wanted in expected.items():  # what could be upgraded was
        assert path.read_bytes() == wanted
    assert debris(root) == []


def test_a_failed_write_is_a_finding_and_leaves_no_debris(repo, monkeypatch):
    root, expected = repo
    paths = sorted(expected)
    refused = paths[1]
    real = os.replace

    def replace(source, target):
        if Path(target) == refused:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    before = refused.read_bytes()
    result = run_visits("migrate", root=root)
    assert result.code == 1
    assert f"{relative(root, refused)}:1:1: error unwritable-file" in result.err
    assert "No space left on device" in result.err
    assert refused.read_bytes() == before
    assert [path.read_bytes() for path in paths if path != refused] == [expected[p] for p in paths if p != refused]
    assert debris(root) == []


KILL_AT_SECOND_WRITE = """
import os, signal, sys
real, calls = os.replace, []
def replace(source, target):
    calls.append(target)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(source, target)
os.replace = replace
from visits.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_killed_run_leaves_each_record_whole_and_the_next_run_finishes(repo):
    root, expected = repo
    before = {path: path.read_bytes() for path in expected}
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AT_SECOND_WRITE, "migrate", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert killed.returncode == -9
    states = [path.read_bytes() for path in sorted(expected)]
    assert [state in (before[path], expected[path]) for path, state in zip(sorted(expected), states)] == [True] * 3
    assert sum(state == expected[path] for path, state in zip(sorted(expected), states)) == 1
    assert [name for name in debris(root) if not name.startswith(scratch.SCRATCH)] == []  # none among the records
    again = run_visits("migrate", root=root)
    assert again.code == 0
    assert "removed 1 unfinished temporary copy" in again.err
    assert {path: path.read_bytes() for path in expected} == expected
    assert debris(root) == []
