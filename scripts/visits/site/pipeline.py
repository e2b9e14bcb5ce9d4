"""One `visits site` run: gather the figures once, audit them, stage the chosen sites in
every language, render them all, then swap them in."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

from visits.cli import UsageError
from visits.site import SiteError
from visits.site.annual import report_files
from visits.site.build import Job, run_mkdocs
from visits.site.internal import stage_internal
from visits.site.output import check_replaceable, discard, swap_in, temporary_beside
from visits.site.public import language_chooser, stage_public
from visits.site.staging import STAGING
from visits.stats.measures import collect

SITES = ("public", "internal")
SHOWN = 10  # failed cells named in the message; `visits audit` lists them all


def publication(facts, config: dict, corpus=None):
    """The build's Publication (interface 3), audited: SiteError naming the cell and tables
    when a protected count can be narrowed down; None until visits.stats.publication exists."""
    if importlib.util.find_spec("visits.stats.publication") is None:
        return None
    from visits.stats.publication import publish

    published = publish(facts, config, corpus)  # the recruitment dashboard's tables too
    audit = published.audit()
    if not audit.ok:
        failures = [_failure(failure) for failure in audit.failures]
        shown = failures[:SHOWN] + ([f"… and {len(failures) - SHOWN} more"] if len(failures) > SHOWN else [])
        raise SiteError(
            f"the disclosure audit found {len(failures)} count(s) of people that the published tables "
            "narrow down to fewer than three values:\n"
            + "\n".join(f"  {line}" for line in shown)
            + "\n  hint: `visits audit` shows every protected cell; nothing was built"
        )
    return published


def _failure(failure) -> str:
    """A failed cell, with the tables that pin it down."""
    cell, tables, interval = (getattr(failure, name, None) for name in ("cell", "tables", "interval"))
    if cell is None or tables is None:
        return str(failure)
    where = " / ".join(str(part) for part in cell) if isinstance(cell, tuple) else str(cell)
    span = f" lies in {interval[0]}..{interval[1]}" if interval else ""
    return f"cell {where}{span}, from the tables {', '.join(map(str, tables))}"


def build_sites(
    root: Path, sites: tuple[str, ...], out: Path, config: dict, today: dt.date, corpus=None
) -> tuple[dict[str, Path], dict[str, str]]:
    """Build `sites` into out/<site>/<language>/ from the validated corpus; returns the
    folders and MkDocs' output per build.

    Either every chosen site is replaced, or (on any failure) none is.
    """
    staging = root.joinpath(*STAGING).resolve()
    if out.resolve() == staging or staging in out.resolve().parents:
        raise UsageError(f"--out {out} is inside the staging folder {staging}; choose another folder")
    targets = {site: out / site for site in sites}
    for target in targets.values():
        check_replaceable(target)
    facts = collect(corpus, config, today) if corpus is not None else None  # once, for every page
    published = publication(facts, config, corpus) if facts is not None else None
    built: dict[str, Path] = {}
    try:
        jobs = []
        staged_sites = {}
        if "public" in targets:
            reports = report_files(published or facts, config, today) if facts is not None else {}
            staged_sites["public"] = stage_public(root, config, reports)
        if "internal" in targets:
            staged_sites["internal"] = stage_internal(root, corpus, config, today, published or facts)
        for site, staged in staged_sites.items():
            built[site] = temporary_beside(targets[site])
            jobs += [
                Job(f"{site} ({language})", staged_config, built[site] / language)
                for language, (staged_config, _) in staged.items()
            ]
            (built[site] / "index.html").write_text(
                language_chooser({language: title for language, (_, title) in staged.items()}), encoding="utf-8"
            )
        logs = run_mkdocs(jobs)
    except BaseException:
        for folder in built.values():
            discard(folder)
        raise
    for site, folder in built.items():
        swap_in(folder, targets[site])
    return targets, logs
