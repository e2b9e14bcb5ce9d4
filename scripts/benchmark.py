"""Benchmark of `visits validate` and `visits site` against check-jsonschema and the I/O floor.

    python3 scripts/benchmark.py [--sizes 10000,100000] [--runs 3] [--json build/benchmark.json]

For each size it generates a fictional repository with `visits demo`, commits it
to a throwaway Git repository, and times, as separate processes:
  floor-read      reading every record file once (the least any tool must do)
  floor-json      parsing the same records as JSON (the least a parser must do)
  validate-cold   `visits validate`, nothing in .cache/: every file parsed, every rule run
  validate-full   `visits validate` a day later: parse cache and memo filled, but the memo's
                  findings are of another day, so every rule runs on every record
  validate-warm   `visits validate`, cache and memo filled, nothing changed
  validate-edit   `visits validate` after one visit report changed (the memo: see incremental.py)
  changed-since   `visits validate --changed-since HEAD` after that change (a full run)
  site-internal   `visits site internal` (validation included)
  peer            `check-jsonschema --schemafile schemas/visit.schema.json` on the visit files
It reports the median of --runs runs, records per second, peak memory, and ratios
to the peer and to the floor, as a table and as JSON. Every timed run starts after
os.sync() and with the record files read once, so that neither writing back the previous
run's files nor reading back file cache the machine paged out is counted in it. It is
not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"
# Runs a command and reports its peak memory; a fresh interpreter per run, so the
# maximum resident size of its children is that command's alone.
MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
    "e = time.perf_counter() - t; "
    "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
    "sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode > 1 else '')"
)
FLOOR_READ = (
    "import os, sys\n"
    "for folder, _, files in os.walk(sys.argv[1]):\n"
    "    for name in files:\n"
    "        with open(os.path.join(folder, name), 'rb') as handle: handle.read()\n"
)
FLOOR_JSON = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'): json.loads(line)\n"


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one run; stops the benchmark if the command fails."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    seconds, peak_kb, code = done.stdout.split()
    if int(code) > 1:
        raise SystemExit(f"benchmark: {' '.join(command)} failed ({code}):\n{done.stderr}")
    return float(seconds), int(peak_kb) / 1024


def read_records(root: Path) -> None:
    """Every record file read once, so that each run finds them in the page cache as the floor
    does: virtual machines page idle file cache out within seconds (DAMON), and a run would
    otherwise be timed on how much of it the last pause cost."""
    for folder, _, files in os.walk(root / "records"):
        for name in files:
            with open(os.path.join(folder, name), "rb") as handle:
                handle.read()


def median_of(command, cwd: Path, runs: int, before=None) -> dict:
    """`command`: a list, or a function of the run's number giving one."""
    samples = []
    for run in range(runs):
        if before:
            before()
        # the last run's writes (a cold run writes ~100 MB of cache) are flushed first: their
        # writeback would otherwise land in this run's time, as noise of a second or more
        os.sync()
        read_records(cwd)
        samples.append(timed(command(run) if callable(command) else command, cwd))
    return {
        "seconds": round(statistics.median(s for s, _ in samples), 3),
        "peak_mb": round(max(m for _, m in samples), 1),
        "runs": runs,
    }


def make_repository(size: int, into: Path) -> Path:
    target = into / f"repo-{size}"
    subprocess.run(
        [
            "visits",
            "demo",
            "--out",
            str(target),
            "--visits",
            str(size),
            "--seed",
            "1",
            "--today",
            TODAY,
            "--root",
            str(REPO),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "benchmark data"],
    ):
        subprocess.run(["git", *args], cwd=target, check=True)
    return target


def json_lines(root: Path, into: Path) -> Path:
    """The records as one JSON document per line, for the JSON-parsing floor."""
    sys.path.insert(0, str(REPO / "scripts"))
    from visits.fastyaml import read
    from visits.yamlstrict import load_text

    out = into / "records.jsonl"
    with open(out, "w", encoding="utf-8") as stream:
        for folder, _, files in os.walk(root / "records"):
            for name in files:
                raw = Path(folder, name).read_bytes()
                data = read(raw, 12, len(raw)) or load_text(raw.decode(), name).data
                stream.write(json.dumps(data) + "\n")
    return out


def one_visit(root: Path) -> Path:
    return next(p for p in sorted((root / "records" / "visits").rglob("*.yaml")))


def bench_size(size: int, runs: int, scratch: Path, peer: bool) -> dict:
    root = make_repository(size, scratch)
    files = sum(len(f) for _, _, f in os.walk(root / "records"))
    visit_files = [str(p.relative_to(root)) for p in (root / "records" / "visits").rglob("*.yaml")]
    validate = ["visits", "validate", "--root", str(root), "--today", TODAY]
    drop_cache = lambda: shutil.rmtree(root / ".cache", ignore_errors=True)  # noqa: E731

    def day_after(run: int) -> list[str]:  # each run a later day than the memo's
        return [*validate[:-1], (dt.date.fromisoformat(TODAY) + dt.timedelta(days=run + 1)).isoformat()]

    edited = one_visit(root)
    original = edited.read_bytes()

    def edit():
        current = edited.read_bytes()
        edited.write_bytes(original if current != original else original.replace(b"wellbeing: ", b"wellbeing:  "))

    results = {
        "floor-read": median_of([sys.executable, "-c", FLOOR_READ, str(root / "records")], root, runs),
        "floor-json": median_of([sys.executable, "-c", FLOOR_JSON, str(json_lines(root, scratch))], root, runs),
        "validate-cold": median_of(validate, root, runs, before=drop_cache),
    }
    timed(validate, root)  # fill the cache
    results["validate-full"] = median_of(day_after, root, runs)
    timed(validate, root)  # and the memo
    results["validate-warm"] = median_of(validate, root, runs)
    results["validate-edit"] = median_of(validate, root, runs, before=edit)
    results["changed-since"] = median_of(validate + ["--changed-since", "HEAD"], root, runs, before=edit)
    edited.write_bytes(original)
    site_out = scratch / f"site-{size}"
    results["site-internal"] = median_of(
        ["visits", "site", "internal", "--root", str(root), "--today", TODAY, "--out", str(site_out)],
        root,
        max(1, runs // 2),
    )
    if peer:
        results["peer"] = median_of(
            ["check-jsonschema", "--schemafile", "schemas/visit.schema.json", *visit_files], root, max(1, runs // 2)
        )
    for _name, row in results.items():
        row["records_per_s"] = round(files / row["seconds"]) if row["seconds"] else None
    return {"visits": size, "files": files, "results": results}


def add_ratios(report: dict) -> None:
    for size in report["sizes"]:
        results = size["results"]
        floor = results["floor-read"]["seconds"]
        peer = results.get("peer", {}).get("seconds")
        for row in results.values():
            row["x_floor"] = round(row["seconds"] / floor, 1) if floor else None
            row["peer_speedup"] = round(peer / row["seconds"], 1) if peer else None


def table(report: dict) -> str:
    lines = [
        f"machine: {report['machine']}",
        "",
        f"{'visits':>7} {'files':>7}  {'step':<14} {'median s':>9} {'rec/s':>9} {'peak MB':>8} "
        f"{'x floor':>8} {'peer/x':>7}",
    ]
    for size in report["sizes"]:
        for name, row in size["results"].items():
            lines.append(
                f"{size['visits']:>7} {size['files']:>7}  {name:<14} {row['seconds']:>9.3f} "
                f"{row['records_per_s'] or 0:>9} {row['peak_mb']:>8.1f} "
                f"{row['x_floor'] or 0:>8} {row['peer_speedup'] or '-':>7}"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="visit counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per step (median reported)")
    parser.add_argument(
        "--peer-up-to", type=int, default=10000, help="run check-jsonschema only up to this size (it is slow)"
    )
    parser.add_argument("--json", type=Path, default=REPO / "build" / "benchmark.json")
    args = parser.parse_args()
    report: dict = {
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}",
        "date": time.strftime("%Y-%m-%d"),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="visits-bench-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            peer = size <= args.peer_up_to and shutil.which("check-jsonschema") is not None
            report["sizes"].append(bench_size(size, args.runs, Path(scratch), peer))
    add_ratios(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
