"""The progress bar shows on a terminal only, never in CI logs or machine-readable output."""

from __future__ import annotations

import io

import pytest

from visits import progress
from visits.cli import IO, main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_delay(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    monkeypatch.delenv("CI", raising=False)


def run(example_repo, *args, err=None):
    out, err = io.StringIO(), err if err is not None else Terminal()
    code = main(["validate", "--root", str(example_repo), "--today", "2026-11-22", "--no-cache", *args], IO(out, err))
    return code, out.getvalue(), err.getvalue()


def test_a_terminal_sees_the_bar_and_it_is_cleared(example_repo, no_delay):
    code, out, err = run(example_repo)
    assert code == 0
    assert "checking records [" in err and err.endswith("\r")  # the last write wipes the line
    assert "checking records" not in out


def test_no_bar_in_ci_logs(example_repo, no_delay, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert "checking records" not in run(example_repo)[2]


def test_no_bar_when_not_a_terminal(example_repo, no_delay):
    assert "checking records" not in run(example_repo, err=io.StringIO())[2]


def test_no_bar_with_json_output(example_repo, no_delay):
    code, out, err = run(example_repo, "--format", "json")
    assert code == 0 and out.startswith("{") and "checking records" not in err + out


def test_short_runs_stay_quiet(example_repo, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "DELAY", 3600.0)
    assert "checking records" not in run(example_repo)[2]
