"""Dates and times: visits inside their assignment, within the centre's rules, never overlapping."""

from __future__ import annotations

from visits.rules import parse_date, rule


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _visits_with_assignment(corpus, visits):
    assignments = corpus.by_kind["assignment"]  # valid visits name it as a string: no need for get()
    for visit in visits:
        assignment = assignments.get(visit.data["assignment"])
        if assignment is not None:
            yield visit, assignment


@rule()
def check_visit_dates(corpus, context):
    for visit, assignment in _visits_with_assignment(corpus, corpus.judged("visit", needs=("assignment", "date"))):
        day = parse_date(visit.data["date"])
        start = parse_date(assignment.data["start_date"])
        end = parse_date(assignment.data.get("end_date"))
        if day > context.today:
            yield corpus.finding(
                visit, ("date",), "visit-in-future", f"visit date {day} is after today ({context.today})"
            )
        if day < start or (end is not None and day > end):
            period = f"{start} to {end}" if end else f"from {start}"
            yield corpus.finding(
                visit,
                ("date",),
                "visit-outside-assignment",
                f"visit on {day} is outside assignment {assignment.id} ({period})",
            )


@rule()
def check_visit_length(corpus, context):
    visits = corpus.judged("visit", needs=("assignment", "duration_minutes"))
    for visit, assignment in _visits_with_assignment(corpus, visits):
        centre = corpus.get("centre", assignment.data["centre"])
        if centre is None:
            continue
        allowed = centre.data["visiting"]["max_minutes"]
        if visit.data["duration_minutes"] > allowed:
            yield corpus.finding(
                visit,
                ("duration_minutes",),
                "visit-too-long",
                f"{visit.data['duration_minutes']} minutes; {centre.id} allows at most {allowed}",
            )


def _sweep(visits):
    """(visit, the earlier visits still going on when it starts), in one sorted pass."""
    timed = []
    for visit in visits:
        start = _minutes(visit.data["start_time"])
        timed.append((start, start + visit.data["duration_minutes"], visit))
    ongoing: list[tuple[int, object]] = []
    for start, end, visit in sorted(timed, key=lambda item: (item[0], item[2].path)):
        ongoing = [(other_end, other) for other_end, other in ongoing if other_end > start]
        yield visit, [other for _, other in ongoing]
        ongoing.append((end, visit))


def _crowded_days(corpus):
    """Visits grouped per (person, day) and per (volunteer, day), keeping only days with
    several: most days hold one visit, and only crowded ones can overlap."""
    # a day's first visit is kept alone; a list is made only for the second (at 100,000
    # visits, 200,000 lists of one cost most of this function's time)
    by_person, by_volunteer, assignment_of = {}, {}, {}

    def add(groups: dict, key: tuple, visit) -> None:
        earlier = groups.setdefault(key, visit)
        if earlier is not visit:
            if type(earlier) is list:
                earlier.append(visit)
            else:
                groups[key] = [earlier, visit]

    visits = corpus.of("visit", needs=("assignment", "date", "start_time", "duration_minutes"))
    for visit, assignment in _visits_with_assignment(corpus, visits):
        day = visit.data["date"]
        add(by_person, (assignment.data["person"], day), visit)
        add(by_volunteer, (assignment.data["volunteer"], day), visit)
        assignment_of[visit.path] = assignment
    crowded = lambda groups: sorted(item for item in groups.items() if type(item[1]) is list)  # noqa: E731
    return crowded(by_person), crowded(by_volunteer), assignment_of


@rule(ties=("pd", "vd"))
def check_overlaps(corpus, context):
    by_person, by_volunteer, assignment_of = _crowded_days(corpus)
    for (person, _), visits in by_person:
        for visit, others in _sweep(visits):
            centre = corpus.get("centre", assignment_of[visit.path].data["centre"])
            limit = centre.data["visiting"]["max_visitors_at_once"] if centre else 1
            if others and len(others) + 1 > limit:
                yield corpus.finding(
                    visit,
                    ("start_time",),
                    "visit-overlap",
                    f"overlaps the visit to {person} in {others[0].path}; the centre "
                    f"allows {limit} visitor{'s' if limit > 1 else ''} at a time",
                )
    for (volunteer, _), visits in by_volunteer:
        for visit, others in _sweep(visits):
            if others:
                yield corpus.finding(
                    visit,
                    ("start_time",),
                    "volunteer-double-booked",
                    f"{volunteer} is also in a visit at that time ({others[0].path})",
                )


@rule()
def check_person_dates(corpus, context):
    for person in corpus.judged("person", needs=("detention_start",), optional=("outcome", "transfers")):
        start = parse_date(person.data["detention_start"])
        outcome = person.data.get("outcome", {})
        ended = parse_date(outcome.get("date"))
        if ended is not None and ended < start:
            yield corpus.finding(
                person,
                ("outcome", "date"),
                "outcome-before-detention",
                f"outcome date {ended} is before the detention start {start}",
            )
        for index, transfer in enumerate(person.data.get("transfers", [])):
            moved = parse_date(transfer["date"])
            if moved < start or (ended is not None and moved > ended):
                yield corpus.finding(
                    person,
                    ("transfers", index, "date"),
                    "transfer-outside-detention",
                    f"transfer on {moved} is outside the detention ({start} to {ended or 'now'})",
                )


@rule()
def check_assignment_centre(corpus, context):
    known = corpus.known_ids["centre"]
    for assignment in corpus.judged("assignment", needs=("person", "centre")):
        person = corpus.get("person", assignment.data["person"])
        if person is None:
            continue
        centres = {person.data["centre"]} | {t["centre"] for t in person.data.get("transfers", [])}
        if not known.issuperset(centres) or assignment.data["centre"] not in known:
            continue  # a misspelt centre on either side: its unknown-centre is the one finding
        if assignment.data["centre"] not in centres:
            yield corpus.finding(
                assignment,
                ("centre",),
                "assignment-centre-mismatch",
                f"{person.id} was never detained in {assignment.data['centre']} "
                f"(known centres: {', '.join(sorted(centres))})",
            )


RULES = (check_visit_dates, check_visit_length, check_overlaps, check_person_dates, check_assignment_centre)
