"""Commands stay inside the repository: they find it from any folder in it, write only
under records/ (or their own output), and a killed run leaves nothing among the records."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from visits import scratch

from conftest import REPO, run_visits


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".cache" not in path.parts
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["digest"],
        ["pack", "--quarter", "2026-Q3"],
        ["retention"],
        ["codeowners", "--check"],
        ["expenses", "--year", "2026"],
    ],
)
def test_a_command_run_from_a_subfolder_works_on_the_whole_repository(example_repo, monkeypatch, argv):
    (example_repo / ".github").mkdir()
    (example_repo / ".github/CODEOWNERS").write_bytes((REPO / ".github/CODEOWNERS").read_bytes())
    from_root = run_visits(*argv, root=example_repo)
    monkeypatch.chdir(example_repo / "records" / "visits")
    from_below = run_visits(*argv)
    assert from_below == from_root
    assert from_below.code == 0, from_below.err


def test_new_from_a_subfolder_writes_at_the_right_path(example_repo, monkeypatch):
    monkeypatch.chdir(example_repo / "records")
    result = run_visits("new", "centre", "--set", "id=testville", "--set", "name=Testville")
    assert "records/centres/testville.yaml" in result.out + result.err
    assert not (example_repo / "records/records").exists()


def test_outside_any_repository_says_so_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_visits("digest")
    assert result.code == 2
    assert result.err == (
        f"visits digest: {tmp_path} is not inside a visits repository (a folder holding "
        "schemas/ and records/ or visits.yml); run it from inside one, or give --root\n"
    )


@pytest.mark.parametrize(
    "value",
    ["../../../escaped", "../escaped", "a/../../escaped", "/tmp/escaped", "sub/dir", ".", "tab\there", "new\nline"],
)
def test_new_never_writes_outside_the_kinds_folder(example_repo, value):
    before = tree(example_repo.parent)
    result = run_visits("new", "centre", "--set", f"id={value}", "--set", "name=X", root=example_repo)
    assert result.code in (1, 2), result
    assert "Traceback" not in result.err
    assert tree(example_repo.parent) == before


def test_new_does_not_follow_a_symlinked_folder_out_of_the_records(example_repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example_repo / "records/meetings/2027").symlink_to(elsewhere, target_is_directory=True)
    result = run_visits("new", "meeting", "--date", "2027-01-15", "--set", "kind=quarterly", root=example_repo)
    assert result.code == 2
    assert "through a symbolic link" in result.err
    assert list(elsewhere.iterdir()) == []


def _visits(*argv: str, cwd: Path) -> subprocess.Popen:
    # a session of its own, so that whatever it forked can be found after it is killed
    return subprocess.Popen(
        [sys.executable, "-m", "visits", *argv],
        cwd=cwd,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _left_in_session(session: int) -> list[str]:
    """The live processes of a session, as "pid session state", read from /proc: a few
    milliseconds, where `ps` took long enough under load to miss a command's workers, which
    live well under a second at 20,000 visits."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path("/proc", pid, "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        state, _ppid, _group, sid = stat.rpartition(")")[2].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(f"{pid} {sid} {state}")
    return found


def _not_records(root: Path) -> list[str]:
    return [
        path.relative_to(root).as_posix()
        for path in (root / "records").rglob("*")
        if path.is_file() and path.suffix != ".yaml"
    ]


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9])
def test_retention_killed_mid_way_leaves_nothing_among_the_records(example_repo, delay):
    process = _visits("retention", "--apply", "--today", "2028-06-01", cwd=example_repo)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)  # returns only once no worker holds its output open
    assert _not_records(example_repo) == []
    # a leftover of a killed run, if any, waits in the scratch folder for the next run
    leftover = example_repo / scratch.SCRATCH / f"{scratch.PREFIX}{2**22 + 1}-dead"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_text("half a record", encoding="utf-8")
    again = run_visits("retention", "--apply", "--today", "2028-06-01", root=example_repo)
    assert again.code == 0
    # the planted leftover, and the killed run's own if it was caught between write and rename
    said = re.match(
        r"visits retention: removed (\d+) unfinished temporary cop(y|ies) left in (.+) by an "
        r"interrupted run\n",
        again.err,
    )
    assert said and int(said[1]) >= 1 and said[3] == str(leftover.parent), again.err
    assert not leftover.exists()
    assert _not_records(example_repo) == []


def test_a_stopped_demo_removes_its_staging_folder(tmp_path):
    out = tmp_path / "big"
    process = _visits("demo", "--out", str(out), "--visits", "40000", "--root", str(REPO), cwd=tmp_path)
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode in (0, 143), err
    assert "Traceback" not in err
    assert [path.name for path in tmp_path.iterdir()] in ([], ["big"])


def test_a_killed_demo_leaves_a_folder_that_the_next_run_removes(tmp_path):
    dead = tmp_path / f"{scratch.PREFIX}{2**22 + 3}-0000"  # above pid_max's default: nobody's
    (dead / "records").mkdir(parents=True)
    foreign = tmp_path / ".visits-keep"  # not named by a process: never touched
    foreign.mkdir()
    result = run_visits("demo", "--out", str(tmp_path / "small"), "--visits", "5", root=REPO)
    assert result.code == 0, result.err
    assert result.err == f"visits demo: removed 1 unfinished temporary copy left in {tmp_path} by an interrupted run\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [".visits-keep", "small"]


def test_a_record_write_uses_the_scratch_folder_not_the_records(example_repo):
    target = example_repo / "records/centres/somewhere.yaml"
    assert scratch.folder_for(target) == example_repo / scratch.SCRATCH
    assert scratch.folder_for(example_repo / "site/pack.md") == example_repo / "site"
    assert os.path.basename(scratch.name()).startswith(f"{scratch.PREFIX}{os.getpid()}-")


def test_a_command_killed_while_its_workers_run_leaves_none_behind(tmp_path):
    demo = run_visits("demo", "--out", str(tmp_path / "big"), "--visits", "20000", root=REPO)
    assert demo.code == 0, demo.err
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "big", check=True)  # a checkout: the caches are on
    # output to a file: a pipe nobody reads would stop the command at its first long write
    with open(tmp_path / "out.txt", "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "visits", "retention", "--apply", "--today", "2028-06-01"],
            cwd=tmp_path / "big",
            start_new_session=True,
            stdout=output,
            stderr=output,
        )
    deadline = time.monotonic() + 60
    while len(_left_in_session(process.pid)) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)  # the command and its 2 workers
    assert len(_left_in_session(process.pid)) >= 3, "the workers were not seen running"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while _left_in_session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _left_in_session(process.pid) == []
