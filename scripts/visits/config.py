"""Project settings from visits.yml, read with the strict loader, over documented defaults."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

from visits.errors import ConfigError
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
        "min_count": 5,  # counts of people from 1 to min_count-1 are hidden (shown as "x")
        "min_interval_values": 3,  # a hidden count keeps at least this many values for any reader
    },
    "public": {
        "contact": {"name": "The volunteer coordinator", "email": "visits@example.org"},
        "site_url": "",
    },
    # the languages of what is written for each audience; two are written one after the other
    "languages": {
        "digest": ["en"],  # the coordinators' weekly issue
        "pack": ["en"],  # `visits pack` (the internal site has a pack per language)
        "checks": ["en"],  # job summaries and hints when the author's preferred language is unknown
    },
    "review": {
        "coordinators": "@example-org/coordinators",  # owns schemas/, scripts/ and the rest
    },
    # Thresholds of the programme rules that `visits validate` checks (rules/programme.py).
    "programme": {
        "report_overdue_days": 8,  # a weekly visit plus a day's grace, divided by visits_per_week
        "commitment_min_months": 12,  # volunteers commit for at least a year
        "accredited_min_weekly_hours": 8.0,  # what an accredited visitor must be able to give
        # an accredited visitor is fluent in one of these and understands (at least) the others
        "working_languages": ["nl", "fr"],
        "accreditation_warning_days": 30,  # time the Immigration Office needs to renew one
        "training_grace_months": 3,  # new volunteers complete their modules within this time
        # modules each role must have attended; centre-induction counts for one of their centres
        "required_training": {
            "friendly": ["active-listening", "intercultural-communication", "trauma", "centre-induction"],
            "accredited": [
                "active-listening",
                "intercultural-communication",
                "trauma",
                "centre-induction",
                "immigration-law",
            ],
        },
        "meetings_missed_in_a_row": 2,  # latest quarterly meetings missed since the start date
        # an evaluation every this many months; the first at the end of the first year's
        # commitment (commitment_end, if earlier); an evaluation's next_due overrides the rhythm
        "evaluation_months": 12,
        "supervision_months": 3,  # a friendly visitor's longest time without a supervision talk
        # what the dashboards, the digest and the meeting pack list as coming up: evaluations
        # due within this many days (accreditations use accreditation_warning_days)
        "evaluation_notice_days": 30,
        "candidate_wait_days": 30,  # an open application with no step for this long is waiting
    },
    # Reimbursements (visits expenses). Money is in integer euro cents everywhere.
    "expenses": {
        # euros per km driven, quoted to stay exact; Belgium indexes the volunteers' car rate
        # every quarter, so the treasurer updates it (amounts are rounded half up per expense)
        "km_rate_eur": "0.4326",
        "ceilings": {  # crossing one is a warning (expense-ceiling), not a refusal
            "per_day_cents": 8000,  # a long return trip plus a phone top-up
            "per_year_cents": 170000,  # about the Belgian flat-rate yearly ceiling for volunteers
            "km_per_year": 2000,  # the Belgian yearly ceiling for volunteers' car km
        },
    },
    # How long data is kept (visits retention); 0 switches a rule off (kept for ever).
    "retention": {
        "visit_notes_months": 12,  # notes redacted this long after the person's detention ended
        "follow_up_action_months": 12,  # follow-up 'action' texts, likewise
        "person_months": 12,  # person records no assignment refers to, after the detention ended
        "expense_years": 7,  # expense records, after the end of their year (accounting law)
        # candidate records, after the decision, unless the candidate became a volunteer
        "candidate_months": 6,
    },
    # The day the example records describe (YYYY-MM-DD): commands take it as today unless
    # --today is given, and say so. None (left out) for real records: today is today.
    "as_of": None,
    # Severity per finding code: "error", "warning" or "off". Codes not listed keep their own.
    "severity": {},
}

# Default severity of the programme, expense and retention codes; `severity:` overrides them.
RULE_SEVERITY: dict[str, str] = {
    "report-overdue": "warning",
    "referent-accreditation-expired": "warning",
    "commitment-short": "warning",
    "hours-below-minimum": "warning",
    "language-requirement": "warning",
    "accreditation-expiring": "warning",
    "visit-after-accreditation": "error",  # the visit was not allowed: it must be looked at
    "training-missing": "warning",
    "meetings-missed": "warning",
    "follow-up-overdue": "warning",
    "expense-ceiling": "warning",
    "expense-visit-mismatch": "error",  # money paid against the wrong visit
    "retention-due": "warning",
    "candidate-stage-order": "error",
    "candidate-waiting": "warning",
    "candidate-without-volunteer": "warning",
    "evaluation-overdue": "warning",
    "supervision-overdue": "warning",
    "next-due-before-date": "error",
    "identifying-text": "warning",  # a reviewer may judge what looks like a name harmless
    "reviewer-not-coordinator": "error",
}

MODULES = ("active-listening", "immigration-law", "intercultural-communication", "trauma", "centre-induction", "other")
RATE_TEXT = re.compile(r"\d{1,3}(\.\d{1,4})?\Z")


def _merge(base: dict, override: dict, where: str, problems: list[str]) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key not in base:
            problems.append(f"{where}{key}: unknown setting (known: {', '.join(sorted(base))})")
        elif isinstance(base[key], dict) and base[key] and not isinstance(value, dict):
            problems.append(f"{where}{key}: expected a set of settings")
        elif isinstance(base[key], dict) and base[key]:
            merged[key] = _merge(base[key], value, f"{where}{key}.", problems)
        elif base[key] is not None and (
            not isinstance(value, type(base[key]))
            and not (isinstance(base[key], float) and isinstance(value, int))
            or isinstance(value, bool) != isinstance(base[key], bool)  # bool is an int in Python
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
    merged = _merge(DEFAULTS, _rate_as_text(data), "", problems)
    for code, level in merged["severity"].items():
        if level not in ("error", "warning", "off"):
            problems.append(f"severity.{code}: use error, warning or off, not {level!r}")
    _check_values(merged, problems)  # a value the type check refused kept its default
    if problems:
        raise ConfigError(f"{CONFIG_FILE}: " + "; ".join(problems))
    return merged


def _rate_as_text(data: dict) -> dict:
    """Accept `km_rate_eur: 0.4326` unquoted: the shortest repr of the float is the typed text."""
    expenses = data.get("expenses")
    if not isinstance(expenses, dict):
        return data
    rate = expenses.get("km_rate_eur")
    if isinstance(rate, (int, float)) and not isinstance(rate, bool):
        return {**data, "expenses": {**expenses, "km_rate_eur": repr(rate)}}
    return data


def _numbers(settings: dict, where: str):
    for key, value in settings.items():
        if isinstance(value, dict):
            yield from _numbers(value, f"{where}{key}.")
        elif isinstance(value, (int, float)):
            yield f"{where}{key}", value


def _check_values(merged: dict, problems: list[str]) -> None:
    """What the type check cannot see: signs, the rate's form, module names."""
    for section in ("programme", "expenses", "retention"):
        for name, value in _numbers(merged[section], f"{section}."):
            if isinstance(value, bool) or value < 0:
                problems.append(f"{name}: expected a number of 0 or more, found {value!r}")
    if not RATE_TEXT.match(merged["expenses"]["km_rate_eur"]):
        problems.append(
            f'expenses.km_rate_eur: expected euros such as "0.4326" '
            f"(up to 4 decimals), found {merged['expenses']['km_rate_eur']!r}"
        )
    for role, modules in merged["programme"]["required_training"].items():
        for module in modules:
            if module not in MODULES:
                problems.append(
                    f"programme.required_training.{role}: unknown module {module!r} (known: {', '.join(MODULES)})"
                )
    as_of = merged["as_of"]
    if as_of is not None and (not isinstance(as_of, str) or parse_day(as_of) is None):
        problems.append(f"as_of: expected a date YYYY-MM-DD, found {as_of!r}")
    for audience, chosen in merged["languages"].items():
        if not isinstance(chosen, list) or not chosen or any(code not in ("nl", "fr", "en") for code in chosen):
            problems.append(f"languages.{audience}: expected a list of nl, fr and en, found {chosen!r}")
    languages = merged["programme"]["working_languages"]
    if not languages or not all(isinstance(code, str) for code in languages):
        problems.append("programme.working_languages: expected a list of language codes")


def parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def example_date(root: Path) -> dt.date | None:
    """visits.yml's as_of, for the CLI's default "today"; None when unset or unreadable (the
    command then reports a broken visits.yml itself, when it loads the settings)."""
    try:
        as_of = load_config(root)["as_of"]
    except ConfigError:
        return None
    return parse_day(as_of) if as_of else None


def severity_for(config: dict, code: str) -> str:
    """The level a rule reports `code` at: the user's choice, else the documented default."""
    level = config.get("severity", {}).get(code)
    return level if level in ("error", "warning") else RULE_SEVERITY.get(code, "error")


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
            found = Finding(
                found.file, found.line, found.column, Severity(level), found.code, found.message, found.hint
            )
        graded.append(found)
    return graded
