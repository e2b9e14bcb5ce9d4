"""The compiled reader under AddressSanitizer and UndefinedBehaviorSanitizer.

It is built again with `-fsanitize=address,undefined` into a temporary folder, and the reader
and loader tests run against that build in a fresh interpreter with libasan preloaded (Python
itself is not built with it). Any out-of-bounds access, use after free or undefined behaviour
fails the run. Skipped where there is no C compiler, or no sanitizer runtime for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from conftest import REPO

SOURCES = [REPO / "scripts" / "visits" / name for name in ("_plainyaml.c", "_plainyaml_scalars.c")]
# The reader's tests: property tests on written, damaged and real records reach every path of
# it, and validate runs on damaged records through it (test_loader.py never calls it).
# Two of its property tests are left out to keep the run short (some 25 s): the damaged real
# records and damaged bytes reach the same paths.
TESTS = ["tests/test_fastyaml.py", "-k", "not test_readers_agree_on_damaged_text and not on_written_records"]

# Loaded first in the sanitized interpreter: the sanitized build stands in for visits._plainyaml.
PLUGIN = """
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("visits._plainyaml", os.environ["SANITIZED_READER"])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
sys.modules["visits._plainyaml"] = module
from visits import fastyaml
assert fastyaml.COMPILED and fastyaml._plainyaml.__file__ == os.environ["SANITIZED_READER"]
"""


def _runtime(compiler: str, name: str) -> str | None:
    found = subprocess.run([compiler, f"-print-file-name={name}"], capture_output=True, text=True).stdout.strip()
    return found if os.path.isabs(found) and os.path.exists(found) else None


def _build(tmp_path: Path) -> tuple[Path, str]:
    compiler = shutil.which(os.environ.get("CC", "gcc")) or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler")
    asan = _runtime(compiler, "libasan.so")
    if asan is None:
        pytest.skip("no AddressSanitizer runtime for this compiler")
    target = tmp_path / f"_plainyaml{sysconfig.get_config_var('EXT_SUFFIX')}"
    built = subprocess.run(
        [
            compiler,
            "-shared",
            "-fPIC",
            "-O1",
            "-g",
            "-fno-omit-frame-pointer",
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=undefined",
            f"-I{sysconfig.get_paths()['include']}",
            *map(str, SOURCES),
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0 and "Python.h" in built.stderr:
        pytest.skip("no Python headers (python3-dev)")
    assert built.returncode == 0, built.stderr
    return target, asan


def test_the_reader_tests_pass_on_a_sanitized_build(tmp_path):
    reader, asan = _build(tmp_path)
    (tmp_path / "sanitized_reader.py").write_text(textwrap.dedent(PLUGIN))
    env = dict(
        os.environ,
        SANITIZED_READER=str(reader),
        LD_PRELOAD=asan,
        PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        # PyMem_Malloc through malloc, which the sanitizer watches, not Python's own arenas;
        # Python keeps its objects to the end: leaks are not the reader's
        PYTHONMALLOC="malloc",
        ASAN_OPTIONS="detect_leaks=0:abort_on_error=1",
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "sanitized_reader",
            "-p",
            "no:cacheprovider",
            "--capture=sys",
            *TESTS,
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = run.stderr.find("Sanitizer")  # the sanitizer's report, before Python's dump of the crash
    shown = run.stderr[max(0, report - 200) : report + 3000] if report >= 0 else (run.stdout + run.stderr)[-3000:]
    assert run.returncode == 0 and report < 0, shown
    assert " passed" in run.stdout and " failed" not in run.stdout, shown
