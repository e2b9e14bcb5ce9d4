"""Rendering staged sites with the real `mkdocs build --strict`, several at once.

Each build is a subprocess, so a failure is MkDocs' own verdict; it is turned
into a message that names the site and keeps only MkDocs' warnings and errors.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from visits.site import SiteError


@dataclass(frozen=True)
class Job:
    label: str  # e.g. "public (nl)"
    config: Path  # the staged mkdocs.yml
    out: Path  # an empty folder MkDocs may fill


def command(job: Job) -> list[str]:
    # Never --quiet: MkDocs then stops counting warnings, and --strict lets them all pass.
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(job.config),
        "--site-dir",
        str(job.out),
    ]


def run_mkdocs(jobs: list[Job]) -> dict[str, str]:
    """Run every build in parallel and return MkDocs' output per job; SiteError lists
    every failed one."""
    # Material announces its own end of life on every run; that notice is not about the pages.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    running = [
        (
            job,
            subprocess.Popen(
                command(job),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
            ),
        )
        for job in jobs
    ]
    failures, logs = [], {}
    try:
        outputs = [(job, process, process.communicate()[0]) for job, process in running]
    finally:
        # stopped while building (Ctrl-C, SIGTERM): no MkDocs may go on writing into a
        # folder that is being removed
        for _, process in running:
            if process.poll() is None:
                process.kill()
                process.wait()
    for job, process, output in outputs:
        logs[job.label] = output
        problems = [
            line.strip()
            for line in output.splitlines()
            if line.lstrip().startswith(("WARNING", "ERROR", "Error", "Aborted"))
        ]
        if process.returncode != 0 or problems:
            detail = problems or output.strip().splitlines()[-5:] or ["(no output)"]
            failures.append(
                f"mkdocs could not build the {job.label} site "
                f"(staged in {job.config.parent}):\n" + "\n".join(f"  {line}" for line in detail)
            )
    if failures:
        raise SiteError(
            "\n".join(failures) + "\n  hint: fix the page it names under docs/ (staged "
            "pages are copies; generated ones come from the records or schemas)"
        )
    return logs
