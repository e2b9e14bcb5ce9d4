"""One `visits site` run: stage the chosen sites, render them all, then swap them in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from visits.cli import UsageError
from visits.site.build import Job, run_mkdocs
from visits.site.internal import stage_internal
from visits.site.output import check_replaceable, discard, swap_in, temporary_beside
from visits.site.public import language_chooser, stage_public
from visits.site.staging import STAGING

SITES = ("public", "internal")


def build_sites(
    root: Path, sites: tuple[str, ...], out: Path, config: dict, today: dt.date, corpus=None
) -> tuple[dict[str, Path], dict[str, str]]:
    """Build `sites` into out/<site>/ (the internal one needs the validated corpus);
    returns the folders and MkDocs' output per build.

    Either every chosen site is replaced, or (on any failure) none is.
    """
    staging = root.joinpath(*STAGING).resolve()
    if out.resolve() == staging or staging in out.resolve().parents:
        raise UsageError(f"--out {out} is inside the staging folder {staging}; choose another folder")
    targets = {site: out / site for site in sites}
    for target in targets.values():
        check_replaceable(target)
    built: dict[str, Path] = {}
    try:
        jobs = []
        if "public" in targets:
            staged = stage_public(root, config)
            built["public"] = temporary_beside(targets["public"])
            jobs += [
                Job(f"public ({language})", staged_config, built["public"] / language)
                for language, (staged_config, _) in staged.items()
            ]
            (built["public"] / "index.html").write_text(
                language_chooser({language: title for language, (_, title) in staged.items()}), encoding="utf-8"
            )
        if "internal" in targets:
            staged_config = stage_internal(root, corpus, config, today)
            built["internal"] = temporary_beside(targets["internal"])
            jobs.append(Job("internal", staged_config, built["internal"]))
        logs = run_mkdocs(jobs)
    except BaseException:
        for folder in built.values():
            discard(folder)
        raise
    for site, folder in built.items():
        swap_in(folder, targets[site])
    return targets, logs
