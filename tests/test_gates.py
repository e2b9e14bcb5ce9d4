"""The gates CI holds every change to: ruff's lint and format, and mypy on the whole package.

They run as tests so that the README's one test command is the whole of CI.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.parametrize(
    "argv",
    [
        ["ruff", "check", "--no-cache", "scripts", "tests"],
        ["ruff", "format", "--no-cache", "--check", "scripts", "tests"],
        ["mypy", "--no-incremental"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_gate_passes(argv):
    result = subprocess.run([sys.executable, "-m", *argv], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
