"""One validation run: per-file checks, cross-record rules, severities from the config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from visits.config import ConfigError, apply_severity
from visits.findings import Finding
from visits.corpusload import load_corpus
from visits.records import Corpus
from visits.rules import Context, run_rules
from visits.schemas import SchemaSet


@dataclass
class Outcome:
    corpus: Corpus
    findings: list[Finding]

    @property
    def records(self) -> int:
        return len(self.corpus.results)


def validate(root: Path, config: dict, today: dt.date, only: set[str] | None = None,
             **load_options) -> Outcome:
    """Check every record; report findings for `only` those files when given.

    The whole corpus is always loaded, because a changed file is judged against
    all the others (its references, its overlaps).
    """
    for needed in ("records", "schemas"):
        if not (root / needed).is_dir():
            raise ConfigError(f"{root} has no {needed}/ folder; is --root a visits repository?")
    schemas = SchemaSet.load(root)
    corpus = load_corpus(root, schemas, config["limits"], **load_options)
    findings = corpus.file_findings + run_rules(corpus, Context(today=today, config=config))
    if only is not None:
        findings = [found for found in findings if found.file in only]
    findings = apply_severity(findings, config)
    return Outcome(corpus, sorted(set(findings), key=Finding.sort_key))
