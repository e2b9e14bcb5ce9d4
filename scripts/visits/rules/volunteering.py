"""From candidate to volunteer, then regular evaluation and supervision.

These rules relate candidates, volunteers and evaluations only, never visits or
expenses: a change to any of these kinds makes `visits validate` run in full
(incremental.py re-checks alone only visits and expenses), so they need no tie.
"""

from __future__ import annotations

from visits import evaluations, recruitment
from visits.config import DEFAULTS, severity_for
from visits.findings import plural
from visits.rules import checked_date, parse_date, rule

HINTS = {
    "candidate-stage-order": "check the dates: applied, interviewed, trained, first visit, then the decision",
    "candidate-waiting": "contact the candidate about the next step, or record the decision",
    "candidate-without-volunteer": "run `visits new volunteer --from-candidate ID`, or correct the decision",
    "evaluation-overdue": "plan the evaluation with the volunteer and record it in records/evaluations/",
    "supervision-overdue": "the referent plans a supervision talk and records it in records/evaluations/",
    "next-due-before-date": "set next_due after the day of the talk, or leave it out",
}


def _flag(corpus, context, record, field_path: tuple, code: str, message: str):
    return corpus.finding(
        record, field_path, code, message, severity=severity_for(context.config, code), hint=HINTS[code]
    )


def _settings(context) -> dict:
    return context.config.get("programme", DEFAULTS["programme"])


@rule()
def check_candidate_stages(corpus, context):
    for candidate in corpus.judged("candidate"):
        for field_path, message in recruitment.order_problems(candidate, context.today):
            yield _flag(corpus, context, candidate, field_path, "candidate-stage-order", message)


@rule()
def check_candidates_waiting(corpus, context):
    days = _settings(context)["candidate_wait_days"]
    if not days:
        return
    focus = {candidate.path for candidate in corpus.judged("candidate")}
    for item in recruitment.waiting(corpus, context.today, days):
        if item.candidate.path in focus:
            yield _flag(
                corpus,
                context,
                item.candidate,
                ("stages", item.stage),
                "candidate-waiting",
                f"{recruitment.STAGE_WORDS[item.stage]} on {item.since} and waiting "
                f"{plural(item.waited(context.today), 'day')} for {recruitment.NEXT_STEP[item.stage]}",
            )


@rule()
def check_accepted_candidates(corpus, context):
    enrolled = recruitment.became_volunteer(corpus)
    for candidate in corpus.judged("candidate"):
        decision = candidate.data.get("decision")
        if (
            decision
            and decision["outcome"] == "accepted"
            and candidate.id not in enrolled
            and checked_date(decision["date"]) <= context.today
        ):
            yield _flag(
                corpus,
                context,
                candidate,
                ("decision", "outcome"),
                "candidate-without-volunteer",
                f"accepted on {decision['date']} but no volunteer record names it (candidate: {candidate.id})",
            )


@rule()
def check_talks_due(corpus, context):
    focus = {volunteer.path for volunteer in corpus.judged("volunteer")}
    for item in evaluations.due_talks(corpus, context.config, context.today):
        if not item.overdue(context.today) or item.volunteer.path not in focus:
            continue
        last = f"last one on {item.last}" if item.last else "none recorded since the start"
        if item.kind == "evaluation":
            yield _flag(
                corpus,
                context,
                item.volunteer,
                ("id",),
                "evaluation-overdue",
                f"evaluation due since {item.due} ({last})",
            )
        else:
            months = _settings(context)["supervision_months"]
            yield _flag(
                corpus,
                context,
                item.volunteer,
                ("id",),
                "supervision-overdue",
                f"no supervision talk for more than {months} months ({last}); due since {item.due}",
            )


@rule()
def check_next_due(corpus, context):
    for talk in corpus.judged("evaluation"):
        agreed = parse_date(talk.data.get("next_due"))
        if agreed is not None and agreed <= checked_date(talk.data["date"]):
            yield _flag(
                corpus,
                context,
                talk,
                ("next_due",),
                "next-due-before-date",
                f"next_due {agreed} is not after the talk on {talk.data['date']}",
            )


RULES = (check_candidate_stages, check_candidates_waiting, check_accepted_candidates, check_talks_due, check_next_due)
