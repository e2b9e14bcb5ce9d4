"""The parse cache and the worker processes never change a result, and only this
checkout's own cache files are trusted."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import TODAY, git
from visits import corpusload
from visits.cachekey import ENVIRONMENT
from visits.config import load_config
from visits.corpusload import LoadReport
from visits.filecache import CACHE_DIR
from visits.validate import validate


@pytest.fixture(autouse=True)
def checkout(example_repo, monkeypatch):
    """The example records in a Git checkout of their own, where the cache keeps its key."""
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    git(example_repo, "init", "-q")
    return example_repo


def findings(root, **options):
    report = LoadReport()
    outcome = validate(root, load_config(root), TODAY, report=report, **options)
    return outcome.findings, report


def assert_same_with_and_without_cache(root):
    fresh, _ = findings(root, use_cache=False)
    cached, report = findings(root)
    assert cached == fresh
    return report


def first_visit(root):
    return sorted((root / "records" / "visits").rglob("*.yaml"))[0]


def test_second_run_is_served_from_the_cache_with_identical_findings(example_repo):
    first = assert_same_with_and_without_cache(example_repo)
    second = assert_same_with_and_without_cache(example_repo)
    assert first.parsed == first.files and second.cached == second.files and second.parsed == 0


def test_an_edit_is_seen_even_when_size_and_mtime_are_kept(example_repo):
    assert_same_with_and_without_cache(example_repo)
    visit = first_visit(example_repo)
    before = visit.stat()
    text = visit.read_text(encoding="utf-8")
    changed = text.replace("wellbeing: ", "wellbeing: 9", 1).replace("\n", "", 1)
    assert len(changed.encode()) == len(text.encode())
    visit.write_text(changed, encoding="utf-8")
    os.utime(visit, ns=(before.st_atime_ns, before.st_mtime_ns))  # only ctime betrays the change
    fresh, _ = findings(example_repo, use_cache=False)
    cached, report = findings(example_repo)
    assert cached == fresh
    assert report.parsed >= 1
    assert any(f.file == visit.relative_to(example_repo).as_posix() for f in cached)


def test_renames_and_deletions(example_repo):
    assert_same_with_and_without_cache(example_repo)
    visit = first_visit(example_repo)
    renamed = visit.with_name("renamed.yaml")
    visit.rename(renamed)  # same bytes, new path: a path-mismatch now
    report = assert_same_with_and_without_cache(example_repo)
    assert report.parsed == 0  # content-addressed: the renamed file's parse is reused
    codes = {f.code for f in findings(example_repo)[0] if f.file.endswith("renamed.yaml")}
    assert "path-mismatch" in codes
    assignment = sorted((example_repo / "records" / "assignments").glob("*.yaml"))[0]
    assignment.unlink()
    assert_same_with_and_without_cache(example_repo)
    assert "unknown-assignment" in {f.code for f in findings(example_repo)[0]}


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip", "empty", "folder"])
def test_a_damaged_cache_is_ignored(example_repo, damage):
    assert_same_with_and_without_cache(example_repo)
    expected, _ = findings(example_repo, use_cache=False)
    cache_file = next((example_repo / CACHE_DIR).glob("files-*.marshal"))
    raw = cache_file.read_bytes()
    if damage == "truncate":
        cache_file.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        cache_file.write_bytes(os.urandom(4096))
    elif damage == "flip":
        cache_file.write_bytes(raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:])
    elif damage == "empty":
        cache_file.write_bytes(b"")
    else:
        cache_file.unlink()
        cache_file.mkdir()
    got, report = findings(example_repo)
    assert got == expected
    if damage not in ("empty", "folder"):
        assert any("damaged" in note for note in report.notes)
    if damage != "folder":  # a folder in the way stays (and is never read); a file is replaced
        again, report = findings(example_repo)
        assert again == expected and report.cached == report.files  # rebuilt by the run before


def test_deleting_the_cache_folder_is_safe(example_repo):
    assert_same_with_and_without_cache(example_repo)
    shutil.rmtree(example_repo / ".cache")
    assert_same_with_and_without_cache(example_repo)


def test_worker_processes_give_the_same_findings(example_repo, monkeypatch):
    visit = first_visit(example_repo)
    visit.write_text(visit.read_text(encoding="utf-8").replace("wellbeing: ", "wellbeing: 7"), encoding="utf-8")
    serial, _ = findings(example_repo, use_cache=False, workers=1)
    monkeypatch.setattr(corpusload, "PARALLEL_FROM", 10)
    parallel, report = findings(example_repo, use_cache=False, workers=2)
    assert report.workers == 2
    assert parallel == serial and any(f.code == "out-of-range" for f in parallel)


def test_a_relative_root_finds_the_same_files(example_repo, monkeypatch):
    from pathlib import Path

    from visits.scan import scan

    monkeypatch.chdir(example_repo)
    assert scan(Path(".")).paths == scan(example_repo).paths


def test_worker_processes_fill_a_cache_that_the_next_run_trusts(example_repo, monkeypatch):
    monkeypatch.setattr(corpusload, "PARALLEL_FROM", 10)
    monkeypatch.setattr(corpusload, "CHUNK", 7)  # many parts, as at 100,000 visits
    fresh, _ = findings(example_repo, use_cache=False)
    first_findings, first = findings(example_repo, workers=2)
    assert first.workers == 2 and first.parsed == first.files and first_findings == fresh
    second_findings, second = findings(example_repo, workers=2)
    assert second.cached == second.files and second.parsed == 0 and second_findings == fresh


def test_without_a_cache_the_scan_lists_names_and_the_loader_stamps_files(example_repo):
    from visits.filecache import read_stamped, stamp
    from visits.scan import Scan, for_run

    assert not for_run(example_repo, use_cache=True).result().stamped
    listing = Scan(example_repo, stamps=False).result()
    stamped = Scan(example_repo).result()
    assert not listing.stamped and stamped.stamped and listing.paths == stamped.paths
    path = listing.paths[0]
    assert read_stamped(example_repo, path) == (stamp(os.lstat(example_repo / path)),
                                                (example_repo / path).read_bytes())
    findings(example_repo)  # leaves a cache and a memo behind
    assert for_run(example_repo, use_cache=True).result().stamped
    assert not for_run(example_repo, use_cache=False).result().stamped


def test_without_the_compiled_reader_everything_works_and_verbose_says_so(example_repo, monkeypatch):
    from conftest import run_visits
    from visits import fastyaml

    built = fastyaml.COMPILED
    compiled = run_visits("validate", "--verbose", "--no-cache", "--format", "json", root=example_repo)
    monkeypatch.setattr(fastyaml, "COMPILED", False)
    python = run_visits("validate", "--verbose", "--no-cache", "--format", "json", root=example_repo)
    assert python.code == compiled.code and python.out == compiled.out
    assert "YAML reader: Python" in python.err and "compiled reader was not built" in python.err
    assert ("YAML reader: compiled" in compiled.err) == built


def test_another_build_of_the_compiled_reader_is_never_served_an_old_cache(example_repo, monkeypatch):
    from visits import fastyaml

    findings(example_repo)
    monkeypatch.setattr(fastyaml, "reader_code", lambda: b"another build of the reader")
    _, report = findings(example_repo)
    assert report.parsed == report.files and not report.from_memo
