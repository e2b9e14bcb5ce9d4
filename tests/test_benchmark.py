"""The benchmark script runs end to end on a tiny repository and writes every step (not a timing test)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STEPS = {
    "floor-read",
    "floor-json",
    "validate-cold",
    "validate-full",
    "validate-warm",
    "validate-edit",
    "changed-since",
    "site-internal",
    "peer",
}


@pytest.mark.skipif(shutil.which("check-jsonschema") is None, reason="the peer is installed with the test extras")
def test_the_benchmark_measures_every_step_and_writes_json(tmp_path):
    report_file = tmp_path / "benchmark.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "benchmark.py"),
            "--sizes",
            "150",
            "--runs",
            "1",
            "--json",
            str(report_file),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["visits"] == 150 and size["files"] > 150
    assert set(size["results"]) == STEPS
    for step, row in size["results"].items():
        assert row["seconds"] > 0 and row["peak_mb"] > 0, step
        assert row["peer_speedup"] == round(size["results"]["peer"]["seconds"] / row["seconds"], 1)
    assert "validate-edit" in done.stdout and "written to" in done.stdout
