"""Expenses and retention as validate findings: the treasurer's and the data protection checks.

The logic lives in visits.expenses and visits.retention, shared with the
`visits expenses` and `visits retention` commands; these rules only report it.
"""

from __future__ import annotations

from visits.config import DEFAULTS, severity_for
from visits.expenses import ceiling_breaches, visit_mismatches
from visits.retention import due_items
from visits.rules import rule


def _settings(context) -> dict:
    """The whole config, with defaults for a Context built without one (as in some tests)."""
    return {**DEFAULTS, **context.config}


@rule(ties=("ey",))
def check_expense_ceilings(corpus, context):
    level = severity_for(context.config, "expense-ceiling")
    for breach in ceiling_breaches(corpus, _settings(context)):
        yield corpus.finding(
            breach.expense,
            ("id",),
            "expense-ceiling",
            breach.message,
            severity=level,
            hint="check the amounts with the volunteer; set the ceilings in visits.yml",
        )


@rule(ties=("v",))
def check_expense_visits(corpus, context):
    level = severity_for(context.config, "expense-visit-mismatch")
    known = corpus.known_ids["volunteer"]
    for expense, field_path, message in visit_mismatches(corpus):
        if field_path == ("visit",) and expense.data["volunteer"] not in known:
            continue  # "made by X, not <a misspelt id>": the unknown-volunteer says it once
        yield corpus.finding(
            expense,
            field_path,
            "expense-visit-mismatch",
            message,
            severity=level,
            hint="use the id of this volunteer's visit report of that day",
        )


@rule()
def check_retention(corpus, context):
    level = severity_for(context.config, "retention-due")
    for due in due_items(corpus, _settings(context), context.today):
        what = f"{due.field} " if due.field else ""
        yield corpus.finding(
            due.record,
            due.field_path or ("id",),
            "retention-due",
            f"{what}past retention since {due.since} (rule {due.rule}): {due.action} it",
            severity=level,
            hint="run `visits retention --apply`, check the diff and open a pull request",
        )


RULES = (check_expense_ceilings, check_expense_visits, check_retention)
