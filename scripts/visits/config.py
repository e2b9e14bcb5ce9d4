"""Project settings from visits.yml, read with the strict loader, over documented defaults."""

from __future__ import annotations

import copy
from pathlib import Path

from visits.findings import Finding, Severity
from visits.yamlstrict import YamlRejected, load_bytes

CONFIG_FILE = "visits.yml"

# Every setting, with its default; visits.yml overrides any part of it.
DEFAULTS: dict = {
    "limits": {
        "max_file_bytes": 256 * 1024,  # records are small; a large file is a mistake or an attack
        "max_depth": 12,
    },
    "privacy": {
        "min_count": 5,  # counts of people from 1 to min_count-1 are shown as "<min_count"
    },
    "public": {
        "contact": {"name": "The volunteer coordinator", "email": "visits@example.org"},
        "site_url": "",
    },
    "review": {
        "coordinators": "@example-org/coordinators",  # owns schemas/, scripts/ and the rest
    },
    # Severity per finding code: "error", "warning" or "off". Codes not listed keep their own.
    "severity": {},
}


class ConfigError(Exception):
    """A usage or configuration problem: the CLI exits with 2."""


def _merge(base: dict, override: dict, where: str, problems: list[str]) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key not in base:
            problems.append(f"{where}{key}: unknown setting (known: {', '.join(sorted(base))})")
        elif isinstance(base[key], dict) and base[key] and not isinstance(value, dict):
            problems.append(f"{where}{key}: expected a set of settings")
        elif isinstance(base[key], dict) and base[key]:
            merged[key] = _merge(base[key], value, f"{where}{key}.", problems)
        elif base[key] is not None and not isinstance(value, type(base[key])) and not (
            isinstance(base[key], float) and isinstance(value, int)
        ):
            problems.append(f"{where}{key}: expected {type(base[key]).__name__}, found {value!r}")
        else:
            merged[key] = value
    return merged


def load_config(root: Path) -> dict:
    """Settings for the repository at root; ConfigError lists every problem."""
    path = root / CONFIG_FILE
    if not path.exists():
        return copy.deepcopy(DEFAULTS)
    try:
        document = load_bytes(path.read_bytes(), CONFIG_FILE)
    except YamlRejected as exc:
        found = exc.finding
        raise ConfigError(f"{found.file}:{found.line}:{found.column}: {found.message}") from None
    data = document.data or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{CONFIG_FILE}: expected a set of settings")
    problems: list[str] = []
    merged = _merge(DEFAULTS, data, "", problems)
    for code, level in merged["severity"].items():
        if level not in ("error", "warning", "off"):
            problems.append(f"severity.{code}: use error, warning or off, not {level!r}")
    if problems:
        raise ConfigError(f"{CONFIG_FILE}: " + "; ".join(problems))
    return merged


def apply_severity(findings: list[Finding], config: dict) -> list[Finding]:
    """Re-grade findings as visits.yml asks; 'off' drops them."""
    levels = config.get("severity", {})
    if not levels:
        return findings
    graded = []
    for found in findings:
        level = levels.get(found.code)
        if level == "off":
            continue
        if level:
            found = Finding(found.file, found.line, found.column, Severity(level),
                            found.code, found.message, found.hint)
        graded.append(found)
    return graded

