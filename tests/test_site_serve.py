"""`visits serve` as a person runs it: a real process on a free port, fetched with urllib,
rebuilt after an edit, kept serving through a failed rebuild, stopped by a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import TODAY
from sitefixtures import site_repository

pytestmark = pytest.mark.slow
BUILD_SECONDS = 180  # a whole build of both sites, with margin for a busy machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Serving:
    """The serve process, its stderr collected line by line."""

    def __init__(self, root: Path, port: int):
        self.port = port
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "visits",
                "serve",
                "--port",
                str(port),
                "--root",
                str(root),
                "--today",
                TODAY.isoformat(),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        self.process.stderr.close()
        return code

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, after: int = 0, seconds: float = BUILD_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines[after:]):
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} in:\n" + "".join(self.lines)
            time.sleep(0.2)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_builds_serves_rebuilds_and_stops_cleanly(tmp_path):
    root = site_repository(tmp_path / "repo")
    # a volunteer with assignments, whose name the dashboards show (newcomers have none yet)
    assigned = {
        line.split(":", 1)[1].strip()
        for path in (root / "records" / "assignments").glob("*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("volunteer:")
    }
    volunteer = next(path for path in sorted((root / "records" / "volunteers").glob("*.yaml")) if path.stem in assigned)
    name = next(
        line.split(":", 1)[1].strip().strip('"')
        for line in volunteer.read_text(encoding="utf-8").splitlines()
        if line.startswith("display_name:")
    )
    serving = Serving(root, free_port())
    try:
        serving.wait_for("serving the sites at")
        status, chooser = serving.get("/internal/index.html")
        assert status == 200 and 'href="nl/index.html"' in chooser
        status, home = serving.get("/internal/en/index.html")
        assert status == 200 and "Dashboards" in home
        assert serving.get("/public/en/index.html")[0] == 200
        status, missing = serving.get("/internal/en/no-such-page.html")
        assert status == 404 and "404 - Not found" in missing

        mark = len(serving.lines)
        edit(volunteer, f"display_name: {name}", "display_name: Zora Testperson")
        serving.wait_for("built in", after=mark)
        pages = "".join(
            serving.get(f"/internal/en/dashboards/{page}.html")[1] for page in ("assignments", "follow-up", "overdue")
        )
        assert "Zora Testperson" in pages and name not in pages

        mark = len(serving.lines)
        edit(volunteer, "display_name: Zora Testperson", "display_name: Zora Testperson\nmood: good")
        serving.wait_for("the build failed", after=mark)
        assert "unknown-field" in "".join(serving.lines[mark:])
        status, still = serving.get("/internal/en/dashboards/assignments.html")
        assert status == 200 and still == serving.get("/internal/en/dashboards/assignments.html")[1]
        assert "Zora Testperson" in "".join(
            serving.get(f"/internal/en/dashboards/{page}.html")[1] for page in ("assignments", "follow-up", "overdue")
        )
    finally:
        code = serving.stop(signal.SIGINT)
    assert code == 0, "".join(serving.lines)
    assert "stopped" in serving.lines[-1]
    with pytest.raises(OSError):  # nobody listens on the port any more
        socket.create_connection(("127.0.0.1", serving.port), timeout=2).close()
    assert sorted(path.name for path in (root / "site").iterdir()) == ["internal", "public"]


def test_sigterm_during_the_first_build_leaves_no_folder_nor_process_behind(tmp_path):
    root = site_repository(tmp_path / "repo")
    serving = Serving(root, free_port())
    serving.wait_for("warning(s) in the records")  # validated: the MkDocs builds are starting
    time.sleep(1)
    assert serving.stop(signal.SIGTERM) == 143
    time.sleep(1)  # a killed MkDocs would still be writing here
    leftovers = [path.name for path in (root / "site").iterdir()] if (root / "site").exists() else []
    assert [name for name in leftovers if name.startswith(".visits-")] == []
    running = subprocess.run(["pgrep", "-f", str(root / "build" / "site")], capture_output=True, text=True)
    assert running.stdout == ""


def test_a_port_in_use_is_a_usage_error(tmp_path):
    root = site_repository(tmp_path / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = subprocess.run(
            [sys.executable, "-m", "visits", "serve", "--port", str(taken.getsockname()[1]), "--root", str(root)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2 and "choose another --port" in done.stderr
