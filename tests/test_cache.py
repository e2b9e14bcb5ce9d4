"""The store and the worker processes never change a result, and only this checkout's own
store is trusted."""

from __future__ import annotations

import os
import shutil

import pytest

import storetools
from visits import engine
from visits.config import load_config
from visits.engine import load as corpusload
from visits.engine.cachekey import ENVIRONMENT
from visits.engine.store import store_file

from conftest import TODAY, git


@pytest.fixture(autouse=True)
def checkout(example_repo, monkeypatch):
    """The example records in a Git checkout of their own, where the cache keeps its key."""
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    git(example_repo, "init", "-q")
    return example_repo


def findings(root, **options):
    report = engine.LoadReport()
    outcome = engine.run(root, load_config(root), TODAY, report=report, **options)
    return outcome.findings, report


def assert_same_with_and_without_cache(root):
    fresh, _ = findings(root, use_cache=False)
    cached, report = findings(root)
    assert cached == fresh
    return report


def first_visit(root):
    return sorted((root / "records" / "visits").rglob("*.yaml"))[0]


def test_second_run_is_answered_from_the_memo_with_identical_findings(example_repo):
    first = assert_same_with_and_without_cache(example_repo)
    second = assert_same_with_and_without_cache(example_repo)
    assert first.parsed == first.files and not first.from_memo
    assert second.from_memo and second.parsed == 0


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
    assert cached == fresh and report.from_memo
    assert any(f.file == visit.relative_to(example_repo).as_posix() for f in cached)


def test_renames_and_deletions(example_repo):
    assert_same_with_and_without_cache(example_repo)
    visit = first_visit(example_repo)
    renamed = visit.with_name("renamed.yaml")
    visit.rename(renamed)  # same bytes, new path: a path-mismatch now
    report = assert_same_with_and_without_cache(example_repo)
    assert report.from_memo  # one visit added and one gone: the memo's re-check follows them
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
    cache_file = store_file(example_repo)
    raw = cache_file.read_bytes()
    if damage == "truncate":
        cache_file.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        cache_file.write_bytes(os.urandom(4096))
    elif damage == "flip":  # in a part of the memo
        storetools.flip(example_repo, "memo", 100)
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
        assert again == expected and report.from_memo  # rebuilt by the run before


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

    from visits.engine.scan import scan

    monkeypatch.chdir(example_repo)
    assert scan(Path(".")).paths == scan(example_repo).paths


def test_worker_processes_leave_a_memo_that_the_next_run_trusts(example_repo, monkeypatch):
    monkeypatch.setattr(corpusload, "PARALLEL_FROM", 10)
    monkeypatch.setattr(corpusload, "CHUNK", 7)  # many tasks, as at 100,000 visits
    fresh, _ = findings(example_repo, use_cache=False)
    first_findings, first = findings(example_repo, workers=2)
    assert first.workers == 2 and first.parsed == first.files and first_findings == fresh
    second_findings, second = findings(example_repo, workers=2)
    assert second.from_memo and second_findings == fresh


def test_without_a_cache_the_scan_lists_names_and_the_loader_stamps_files(example_repo):
    from visits.engine.scan import Scan, for_run
    from visits.reading import read_stamped, stamp

    assert not for_run(example_repo, use_cache=True).result().stamped
    listing = Scan(example_repo, stamps=False).result()
    stamped = Scan(example_repo).result()
    assert not listing.stamped and stamped.stamped and listing.paths == stamped.paths
    path = listing.paths[0]
    assert read_stamped(example_repo, path) == (
        stamp(os.lstat(example_repo / path)),
        (example_repo / path).read_bytes(),
    )
    findings(example_repo)  # leaves a cache and a memo behind
    assert for_run(example_repo, use_cache=True).result().stamped
    assert not for_run(example_repo, use_cache=False).result().stamped


def test_without_the_compiled_reader_everything_works_and_verbose_says_so(example_repo, monkeypatch):
    from visits import fastyaml

    from conftest import run_visits

    built = fastyaml.COMPILED
    compiled = run_visits("validate", "--verbose", "--no-cache", "--format", "json", root=example_repo)
    monkeypatch.setattr(fastyaml, "COMPILED", False)
    strict = run_visits("validate", "--verbose", "--no-cache", "--format", "json", root=example_repo)
    assert strict.code == compiled.code and strict.out == compiled.out
    assert "YAML reader: strict loader only" in strict.err and "compiled reader was not built" in strict.err
    assert ("YAML reader: compiled" in compiled.err) == built


def test_another_build_of_the_compiled_reader_is_never_served_an_old_cache(example_repo, monkeypatch):
    from visits import fastyaml

    findings(example_repo)
    monkeypatch.setattr(fastyaml, "reader_code", lambda: b"another build of the reader")
    _, report = findings(example_repo)
    assert report.parsed == report.files and not report.from_memo


# --- trust: only this checkout's own cache files are read ------------------------------------


def spoil(visit) -> str:
    """A wellbeing out of range in this visit report: an error, in a record that still parses."""
    visit.write_text(visit.read_text(encoding="utf-8").replace("wellbeing: ", "wellbeing: 9", 1), encoding="utf-8")
    return visit.as_posix()


def cleared(parts: list) -> list:
    """The same memo with every finding taken out: what a forger wants the run to see."""
    *head, _, whole, day = parts
    return [*head, {}, tuple((path, kind, data, ()) for path, kind, data, _ in whole), day]


def crc_sealed(root, entry: str, parts: list) -> None:
    """The parts with a CRC for a seal: anyone can compute one."""
    import marshal
    import zlib

    bodies = [marshal.dumps(part) for part in parts]
    storetools.put_rows(root, entry, bodies, zlib.crc32(b"".join(bodies)).to_bytes(32, "little"))


@pytest.mark.parametrize("forger", ["crc", "another key", "this key"])
def test_a_forged_cache_cannot_make_a_bad_record_pass(checkout, forger):
    from conftest import run_visits

    bad = spoil(first_visit(checkout))
    assert run_visits("validate", root=checkout).code == 1  # leaves a memo
    assert storetools.entries(checkout) == ["memo"]
    forged = cleared(storetools.parts_of(checkout, "memo")[0])
    if forger == "crc":
        crc_sealed(checkout, "memo", forged)
    else:
        storetools.reseal(checkout, "memo", lambda _: forged, None if forger == "this key" else os.urandom(32))
    result = run_visits("validate", "--verbose", root=checkout)
    if forger == "this key":  # the forgery is a real one: trusted, it would hide the error
        assert result.code == 0
        return
    assert result.code == 1
    assert f"{bad.split('/repo/')[1]}:" in result.out and "out-of-range" in result.out
    assert "does not verify" in result.err
    again = run_visits("validate", "--verbose", root=checkout)  # the run wrote it again, and it is trusted
    assert again.code == 1 and again.out == result.out and "changed since the last run" in again.err


def test_a_cache_from_another_checkout_is_not_trusted(checkout, tmp_path):
    findings(checkout)
    other = tmp_path / "other"
    shutil.copytree(checkout, other, ignore=shutil.ignore_patterns(".git"))
    git(other, "init", "-q")  # same records and cache, another checkout: another key
    got, report = findings(other)
    assert got == findings(other, use_cache=False)[0] and report.parsed == report.files
    assert any("does not verify" in note for note in report.notes)


# --- the key: what vouches for the cache, and what the cache is made for ---------------------


def test_the_key_is_made_once_readable_by_its_owner_only_in_the_git_folder(checkout):
    import stat

    from visits.engine.cachekey import KEY_FILE, KEY_SIZE

    findings(checkout)
    key_file = checkout / ".git" / KEY_FILE
    made = key_file.read_bytes()
    assert len(made) == KEY_SIZE and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not list((checkout / ".git").glob(f"{KEY_FILE}.tmp*"))
    assert not [path for path in checkout.rglob("*") if ".git" not in path.parts and KEY_FILE in path.name]
    _, report = findings(checkout)
    assert report.from_memo and key_file.read_bytes() == made


def test_a_worktree_keeps_its_key_in_its_own_git_folder(checkout, tmp_path):
    from visits.engine.cachekey import KEY_FILE

    shutil.rmtree(checkout / ".git")
    own = tmp_path / "main" / ".git" / "worktrees" / "repo"
    own.mkdir(parents=True)
    (checkout / ".git").write_text(f"gitdir: {os.path.relpath(own, checkout)}\n", encoding="utf-8")
    findings(checkout)
    _, report = findings(checkout)
    assert (own / KEY_FILE).is_file() and report.from_memo


def test_without_a_key_there_is_no_cache_and_no_crash(checkout):
    from visits.engine.cachekey import KEY_FILE

    from conftest import run_visits

    spoil(first_visit(checkout))
    plain = run_visits("validate", "--no-cache", root=checkout)
    (checkout / ".git" / KEY_FILE).write_bytes(b"not a key")
    damaged = run_visits("validate", "--verbose", root=checkout)
    assert (damaged.code, damaged.out) == (plain.code, plain.out) == (1, plain.out)
    assert "no cache" in damaged.err and "delete it" in damaged.err and not (checkout / ".cache").exists()
    shutil.rmtree(checkout / ".git")  # records outside any Git checkout
    keyless = run_visits("validate", "--verbose", root=checkout)
    assert (keyless.code, keyless.out) == (plain.code, plain.out)
    assert "no cache" in keyless.err and ENVIRONMENT in keyless.err and not (checkout / ".cache").exists()


def test_a_key_given_in_the_environment(checkout, monkeypatch):
    from visits.engine.cachekey import KEY_FILE

    shutil.rmtree(checkout / ".git")
    monkeypatch.setenv(ENVIRONMENT, "the secret of the CI runner")
    expected, _ = findings(checkout)
    got, report = findings(checkout)
    assert got == expected and report.from_memo
    assert not [path for path in checkout.rglob(f"{KEY_FILE}*")]
    monkeypatch.setenv(ENVIRONMENT, "another secret, so another key")
    got, report = findings(checkout)
    assert got == expected and report.parsed == report.files
    assert any("does not verify" in note for note in report.notes)
    monkeypatch.setenv(ENVIRONMENT, "too short")
    got, report = findings(checkout)
    assert got == expected and report.parsed == report.files
    assert any("too short" in note for note in report.notes)


def duplicate_a_key(visit) -> None:
    """The visit report's first field given twice: a duplicate-key error, with its hint from findings.py."""
    text = visit.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line and not line.startswith("#"))
    visit.write_text(text + first + "\n", encoding="utf-8")


def test_a_hint_changed_in_the_package_is_never_served_from_an_old_cache(checkout, tmp_path):
    """The package as a later checkout has it: a copy (new file times, same bytes) keys the same
    cache, and the copy with one hint changed prints the new hint after a run of this one."""
    import subprocess
    import sys

    from visits.engine import cachekey
    from visits.findings import HINTS

    from conftest import run_visits

    duplicate_a_key(first_visit(checkout))
    assert HINTS["duplicate-key"] in run_visits("validate", root=checkout).out  # leaves a memo
    copy = tmp_path / "later" / "visits"
    shutil.copytree(cachekey.PACKAGE, copy, copy_function=shutil.copyfile, ignore=shutil.ignore_patterns("__pycache__"))
    digest = cachekey.package_digest.__wrapped__  # a process computes it once: here, every time
    assert digest(copy) == digest(cachekey.PACKAGE)
    findings_module = copy / "findings.py"
    findings_module.write_text(
        findings_module.read_text(encoding="utf-8").replace(
            HINTS["duplicate-key"], "a new hint: delete the second entry"
        ),
        encoding="utf-8",
    )
    assert digest(copy) != digest(cachekey.PACKAGE)
    later = subprocess.run(
        [
            sys.executable,
            "-m",
            "visits",
            "validate",
            "--verbose",
            "--root",
            str(checkout),
            "--today",
            TODAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(copy.parent)},
        check=False,
    )
    assert later.returncode == 1 and "a new hint: delete the second entry" in later.stdout
    assert HINTS["duplicate-key"] not in later.stdout and "from the memo" not in later.stderr


def test_the_library_versions_are_in_the_key(checkout, monkeypatch):
    from importlib import metadata

    import yaml

    from visits.engine import cachekey

    runtime = cachekey.runtime()
    for name in cachekey.LIBRARIES.values():  # read from the .dist-info names, as installed
        assert f"{name} {metadata.version(name)}" in runtime
    assert any(yaml._yaml.get_version_string() in line for line in runtime if line.startswith("PyYAML"))
    findings(checkout)
    keys = {cachekey.code()}
    monkeypatch.setattr(yaml, "__version__", "7.0")
    keys.add(cachekey.code())
    _, report = findings(checkout)  # another PyYAML: nothing from the memo made with the old one
    assert report.parsed == report.files
    monkeypatch.setattr(yaml._yaml, "get_version_string", lambda: "0.3.0")
    keys.add(cachekey.code())
    listing = cachekey._listing
    monkeypatch.setattr(
        cachekey,
        "_listing",
        lambda folder: tuple(
            "jsonschema_rs-9.9.9.dist-info" if entry.startswith("jsonschema_rs-") else entry
            for entry in listing(folder)
        ),
    )
    assert "jsonschema_rs 9.9.9" in cachekey.runtime()
    keys.add(cachekey.code())
    monkeypatch.setattr(cachekey.sys, "version", "3.99.0")
    keys.add(cachekey.code())
    assert len(keys) == 5
