"""Shared fixtures: copies of the example repository, the CLI in-process, real git."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from visits.cli import IO, main

# Property tests without an example count of their own run Hypothesis's default (100) here and
# in CI, and many more with HYPOTHESIS_PROFILE=long, on demand.
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# the site-building fixtures, shared by the site, privacy and browser tests
pytest_plugins = ("sitefixtures",)

REPO = Path(__file__).resolve().parent.parent
# The example records end on 2026-11-20; tests pin "today" so they never age.
TODAY = dt.date(2026, 11, 22)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def no_step_outputs(monkeypatch):
    """The suite may itself run on GitHub Actions: no test writes to the real step outputs."""
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)


def run_visits(*args: str, root: Path | None = None, today: dt.date | None = TODAY) -> Result:
    """Run the CLI in-process, as a user would from the shell."""
    argv = list(args)
    if root is not None:
        argv += ["--root", str(root)]
    if today is not None:
        argv += ["--today", today.isoformat()]
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, IO(out, err))
    return Result(code, out.getvalue(), err.getvalue())


def copy_repository(target: Path, records: bool = True) -> Path:
    """A working copy of this repository's data (schemas, settings, optionally records)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "schemas", target / "schemas")
    shutil.copy(REPO / "visits.yml", target / "visits.yml")
    if records:
        shutil.copytree(REPO / "records", target / "records")
    else:
        (target / "records").mkdir()
    return target


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


@pytest.fixture
def empty_repo(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo", records=False)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def init_git(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "initial records")
    return root
