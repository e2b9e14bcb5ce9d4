"""What sits at a record's path cannot make `visits validate` crash, hang, or read outside the repository.

Symbolic links (to a folder, to nothing, in a loop, to a file outside, to /dev/zero), named pipes,
names with control characters or bytes that are not UTF-8, files far over the size limit: each gets
a finding with a stable code (exit 1), in a cold run, with worker processes, and again from the
caches of an earlier run.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

from visits import reading
from visits.engine import kept, scan
from visits.reading import Unreadable, read_file, read_stamped

from conftest import run_visits

PERSON = "records/people/P-2025-0001.yaml"
NEW = "records/people/P-2025-9999.yaml"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    from conftest import copy_repository

    return copy_repository(tmp_path_factory.mktemp("hostile") / "repo")


@pytest.fixture
def alarm():
    """Fails a test that blocks (a pipe opened for reading waits for a writer) instead of hanging."""

    def fail(*_):
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def findings(root: Path, *options: str) -> tuple[int, list[dict]]:
    result = run_visits("validate", "--format", "json", *options, root=root)
    assert "Traceback" not in result.out + result.err and "internal error" not in result.err, result.err
    return result.code, json.loads(result.out)["findings"] if result.out.startswith("{") else []


def codes_for(root: Path, path: str, *options: str) -> tuple[int, set[str]]:
    code, found = findings(root, *options)
    return code, {f["code"] for f in found if f["file"] == path}


def _make(root: Path, how: str) -> str:
    """Puts something hostile at a record path; returns the path findings name."""
    target = root / NEW
    outside = root / "outside.yaml"
    if how == "link-to-folder":
        target.symlink_to(root / "records" / "people")
    elif how == "link-to-nothing":
        target.symlink_to(root / "nowhere.yaml")
    elif how == "link-loop":
        target.symlink_to(target.name)
    elif how == "link-outside":
        outside.write_bytes((root / PERSON).read_bytes().replace(b"P-2025-0001", b"P-2025-9999"))
        target.symlink_to(outside)
    elif how == "link-to-dev-zero":
        target.symlink_to("/dev/zero")
    elif how == "named-pipe":
        os.mkfifo(target)
    return NEW


def _unmake(root: Path) -> None:
    (root / NEW).unlink(missing_ok=True)
    (root / "outside.yaml").unlink(missing_ok=True)


HOSTILE = ["link-to-folder", "link-to-nothing", "link-loop", "link-outside", "link-to-dev-zero", "named-pipe"]


@pytest.mark.parametrize("how", HOSTILE)
@pytest.mark.parametrize(
    "options",
    [("--no-cache", "--workers", "1"), ("--no-cache", "--workers", "2"), ()],
    ids=["one-process", "workers", "cached-twice"],
)
def test_what_is_not_a_regular_file_is_reported_never_read(repo, how, options, alarm):
    if how == "named-pipe" and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    path = _make(repo, how)
    try:
        for _ in range(2 if not options else 1):  # without --no-cache: the second run uses the caches
            code, codes = codes_for(repo, path, *options)
            assert code == 1 and codes == {"not-a-regular-file"}
    finally:
        _unmake(repo)


@pytest.mark.parametrize(
    "name, shown",
    [
        ("P-2025\n-9999.yaml", "P-2025\\x0a-9999.yaml"),
        ("P-2025\x1b[31m-9999.yaml", "P-2025\\x1b[31m-9999.yaml"),
        ("P-2025\\-9999.yaml", "P-2025\\x5c-9999.yaml"),
        ("P-2025\u202e-9999.yaml", "P-2025\\u202e-9999.yaml"),
        (b"P-2025\xff-9999.yaml", "P-2025\\xff-9999.yaml"),
    ],
    ids=["newline", "escape", "backslash", "bidi", "not-utf8"],
)
def test_a_file_name_with_control_characters_is_reported_and_kept_out_of_the_caches(repo, name, shown):
    folder = repo / "records" / "people"
    target = os.path.join(os.fsencode(folder), name) if isinstance(name, bytes) else folder / name
    with open(target, "wb") as stream:
        stream.write((repo / PERSON).read_bytes())
    try:
        for _ in range(3):  # cold, then from the parse cache and the memo: the same finding each time
            code, found = findings(repo)
            odd = [f for f in found if f["code"] == "bad-file-name"]
            assert code == 1 and [f["file"] for f in odd] == [f"records/people/{shown}"]
            assert all("\n" not in f["file"] for f in found)
    finally:
        os.unlink(target)
    assert findings(repo)[0] == 0  # and nothing of it is left in the caches


def test_the_scan_escapes_only_odd_names():
    assert scan.escaped("records/people/P-2025-0001.yaml") == "records/people/P-2025-0001.yaml"
    assert scan.escaped("a\nb\\c\udcffd\u2028é") == "a\\x0ab\\x5cc\\xffd\\u2028é"
    assert not scan._odd(["records/a.yaml", "records/é.yaml"])
    assert scan._odd(["records/a.yaml", "records/b\n.yaml"]) and scan._odd(["a\x7f"]) and scan._odd(["é\x85"])


def test_reading_stops_just_past_the_size_limit(tmp_path):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as stream:
        stream.truncate(1 << 34)  # 16 GiB, sparse: reading it whole would run out of memory
    assert len(read_file(tmp_path, "huge.yaml", 100)) == 101
    assert len(read_stamped(tmp_path, "huge.yaml", 300_000)[1]) == 300_001
    small = tmp_path / "small.yaml"
    small.write_bytes(b"a: 1\n" * 10_000)
    assert read_file(tmp_path, "small.yaml") == small.read_bytes()  # no limit: the whole file
    assert read_file(tmp_path, "small.yaml", 50_000) == small.read_bytes()


def test_a_file_far_over_the_limit_is_too_large_without_being_read_whole(repo):
    target = repo / NEW
    with open(target, "wb") as stream:
        stream.write(b"id: P-2025-9999\n")
        stream.truncate(1 << 34)
    try:
        code, codes = codes_for(repo, NEW, "--no-cache")
        assert code == 1 and codes == {"file-too-large"}
    finally:
        target.unlink()


def test_reads_refuse_links_pipes_and_folders_with_a_reason(tmp_path):
    (tmp_path / "link").symlink_to("/dev/zero")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    for name, reason in (("link", "symbolic link"), ("folder", "folder"), ("pipe", "named pipe")):
        for raw in (read_file(tmp_path, name), read_stamped(tmp_path, name)[1]):
            assert type(raw) is Unreadable and raw.code == "not-a-regular-file" and reason in raw.reason
    gone = read_stamped(tmp_path, "missing")
    assert type(gone[1]) is Unreadable and gone[1].code == "unreadable-file" and len(gone[0]) == reading.STAMP_SIZE
    # unreadable results are keyed by path and reason, never like a file's bytes
    assert kept.file_digest("records/people/x.yaml", read_file(tmp_path, "link")) != kept.file_digest(
        "records/people/x.yaml", b"it is a symbolic link"
    )


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_a_file_that_cannot_be_read_is_reported(repo):
    target = repo / NEW
    target.write_bytes((repo / PERSON).read_bytes())
    target.chmod(0)
    try:
        code, codes = codes_for(repo, NEW, "--no-cache")
        assert code == 1 and codes == {"unreadable-file"}
    finally:
        target.unlink()


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize(
    "line, code",
    [
        (b"k" * 1100 + b": 1\n", "yaml-syntax"),  # the fast readers decline; libyaml refuses the long key
        (b"x: " + b"9" * 5000 + b"\n", "unknown-field"),  # the number stays text: no int() of 5,000 digits
        (b"? " + b"9" * 5000 + b"\n: 1\n", "unknown-field"),
    ],
    ids=["long-key", "long-integer", "long-integer-key"],
)
def test_values_the_fast_readers_must_leave_to_the_strict_loader(repo, line, code, workers):
    target = repo / PERSON
    original = target.read_bytes()
    target.write_bytes(original + line)
    try:
        found, codes = codes_for(repo, PERSON, "--no-cache", "--workers", workers)
        assert found == 1 and codes == {code}
    finally:
        target.write_bytes(original)
