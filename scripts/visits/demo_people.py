"""The demo's recruitment year and its evaluations and supervision talks.

A year of applications, more after the spring and autumn recruitment campaigns,
each going through interview, training and a first visit, or stopping on the
way (declined by the programme, withdrawn by the candidate). Accepted candidates
become volunteers, naming the candidate they were. What retention would have
removed (decisions more than `candidate_months` ago, unless accepted) is left
out. Every active volunteer then gets evaluations and, for friendly visitors,
supervision talks in the rhythm the rules ask. Drawn from random generators of
their own, so the visits and expenses stay as they were.
"""

from __future__ import annotations

import datetime as dt
import random

from visits.config import DEFAULTS
from visits.retention import add_months

DAY = dt.timedelta(days=1)
CAMPAIGN_MONTHS = (3, 9)  # recruitment sessions in spring and after the summer
COORDINATORS = {"nl": "hanneverbeke", "fr": "mariedupont-coord"}
TALK_NOTES = (
    "Copes well; finds the weekly rhythm right.",
    "Affected by a removal last month; we talked it through.",
    "Asks for more training on the asylum procedure.",
    "Would like to visit in a second centre later on.",
    "Tired after a hard period; agreed on a lighter month.",
)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _languages(rng: random.Random) -> list[dict]:
    fluent, passive = rng.choice((("nl", "fr"), ("fr", "nl")))
    spoken = [{"code": fluent, "level": "fluent"}, {"code": passive, "level": "passive"}]
    return spoken + [{"code": code, "level": "fluent"} for code in rng.sample(("en", "ar", "es"), rng.randint(0, 1))]


class Recruitment:
    def __init__(self, seed: int, until: dt.date, centres: list[str], names: list[tuple[str, str]]):
        self.rng = random.Random(f"recruitment-{seed}")
        self.until, self.centres, self.names = until, centres, names
        self.numbers: dict[int, int] = {}

    def applications(self) -> list[dt.date]:
        first = add_months(self.until.replace(day=1), -11)
        days = []
        for offset in range(12):
            month = add_months(first, offset)
            count = self.rng.randint(8, 12) if month.month in CAMPAIGN_MONTHS else self.rng.randint(2, 4)
            last = min(add_months(month, 1) - DAY, self.until)
            days += [month + DAY * self.rng.randint(0, (last - month).days) for _ in range(count)]
        return sorted(days)

    def candidate(self, applied: dt.date) -> tuple[dict, tuple[str, str] | None]:
        """A candidate record, and the (first, last) name of one who was accepted."""
        rng = self.rng
        self.numbers[applied.year] = self.numbers.get(applied.year, 0) + 1
        first, last = self.names.pop()
        languages = _languages(rng)
        data: dict = {"id": f"C-{applied.year}-{self.numbers[applied.year]:04d}"}
        if rng.random() < 0.7:  # the others are known by their code alone
            data["name"] = f"{first.split('-')[0].title()} {last[0].upper()}."
        data.update(
            {
                "role": rng.choices(("friendly", "accredited", "undecided"), (6, 2, 2))[0],
                "languages": languages,
                "centres": rng.sample(self.centres[:3], rng.randint(1, 2)),
                "coordinator": COORDINATORS[languages[0]["code"]],
                "stages": {"applied": _iso(applied)},
            }
        )
        day, outcome = applied, None
        for stage, (shortest, longest), stop in (
            ("interviewed", (6, 24), 0.15),
            ("trained", (10, 28), 0.3),
            ("first_visit", (5, 21), 0.1),
        ):
            if rng.random() < stop:  # withdrawn, or (after the interview) declined
                outcome = "withdrew" if stage != "trained" or rng.random() < 0.5 else "declined"
                day += DAY * rng.randint(2, 12)
                break
            day += DAY * rng.randint(shortest, longest)
            if day > self.until:
                return data, None
            data["stages"][stage] = _iso(day)
        else:
            day += DAY * rng.randint(3, 12)
            outcome = rng.choices(("accepted", "declined", "withdrew"), (6, 2, 1))[0]
        if day > self.until:
            return data, None
        data["decision"] = {"outcome": outcome, "date": _iso(day)}
        return data, (first, last) if outcome == "accepted" else None

    def referent_for(self, volunteer: dict, others: list[dict]) -> str:
        accredited = [v for v in others if v["role"] == "accredited" and v["status"] == "active"]
        same_centre = [v for v in accredited if set(v["centres"]) & set(volunteer["centres"])]
        return self.rng.choice(same_centre or accredited)["id"]

    def year(self, others: list[dict]) -> tuple[list[dict], list[dict]]:
        """(candidates kept, volunteers made from the accepted ones); `others` are the
        programme's volunteers, among whom the newcomers' referents are chosen."""
        months = DEFAULTS["retention"]["candidate_months"]
        candidates, volunteers = [], []
        for applied in self.applications():
            data, accepted = self.candidate(applied)
            decided = data.get("decision", {}).get("date")
            if decided and not accepted and add_months(dt.date.fromisoformat(decided), months) <= self.until:
                continue  # removed by `visits retention --apply` since
            candidates.append(data)
            if accepted:
                volunteers.append(self.volunteer(data, accepted, others))
        return candidates, volunteers

    def volunteer(self, candidate: dict, name: tuple[str, str], others: list[dict]) -> dict:
        first, last = name
        start = dt.date.fromisoformat(candidate["decision"]["date"])
        vid = f"{first}-{last}"
        # accredited applicants start as friendly visitors until their accreditation comes
        volunteer = {
            "id": vid,
            "display_name": candidate.get("name") or f"{first.title()} {last[0].upper()}.",
            "role": "friendly",
            "languages": candidate["languages"],
            "centres": candidate["centres"][:1],
            "start_date": _iso(start),
            "commitment_end": _iso(add_months(start, 12) - DAY),
            "status": "active",
            "handle": vid.replace("-", "") + "-v",
            "candidate": candidate["id"],
        }
        volunteer["referent"] = self.referent_for(volunteer, others)
        return volunteer


def welcome(
    records: list[tuple[str, dict]], newcomers: list[dict], candidates: dict[str, dict], rng: random.Random, add
) -> None:
    """Newcomers' first training (the modules on the day their candidate record says they were
    trained, the centre induction on their first visit) and their quarterly meetings since."""
    sessions = {data["id"]: data for path, data in records if path.startswith("records/trainings/")}
    meetings = [data for path, data in records if path.startswith("records/meetings/") and data["kind"] == "quarterly"]
    trainers = ("Coordination team", "Partner psychologist", "Experienced visitor")
    for volunteer in newcomers:
        stages = candidates[volunteer["candidate"]]["stages"]
        trained, first_visit = stages["trained"], stages["first_visit"]
        days = [(module, trained, None) for module in ("active-listening", "intercultural-communication", "trauma")]
        for module, day, centre in days + [("centre-induction", first_visit, volunteer["centres"][0])]:
            session_id = f"{day}-{module}-{centre}" if centre else f"{day}-{module}"
            if session_id not in sessions:
                sessions[session_id] = add(
                    "training",
                    {
                        "id": session_id,
                        "module": module,
                        "date": day,
                        **({"centre": centre} if centre else {}),
                        "trainer": rng.choice(trainers),
                        "attendees": [],
                    },
                )
            sessions[session_id]["attendees"] = sorted({*sessions[session_id]["attendees"], volunteer["id"]})
        for meeting in meetings:
            if meeting["date"] >= volunteer["start_date"]:
                meeting["attendees"] = sorted({*meeting["attendees"], volunteer["id"]})


def talks(rng: random.Random, volunteer: dict, until: dt.date) -> list[dict]:
    """Evaluations on time (a little before each is due) and, for a friendly visitor, a
    supervision talk every six to eleven weeks, both up to `until`."""
    settings = DEFAULTS["programme"]
    start = dt.date.fromisoformat(volunteer["start_date"])
    found = []

    def talk(day: dt.date, kind: str, with_whom: str) -> None:
        data = {
            "id": f"{_iso(day)}-{volunteer['id']}-{kind}",
            "volunteer": volunteer["id"],
            "date": _iso(day),
            "kind": kind,
            "with": with_whom,
            "outcome": rng.choices(("continue", "continue-with-support"), (9, 1))[0],
        }
        if rng.random() < 0.4:
            data["notes"] = rng.choice(TALK_NOTES) + "\n"
        found.append(data)

    due = min(add_months(start, settings["evaluation_months"]), dt.date.fromisoformat(volunteer["commitment_end"]))
    while (held := due - DAY * rng.randint(2, 20)) <= until:
        talk(held, "evaluation", "coordinator")
        due = add_months(held, settings["evaluation_months"])
    if volunteer["role"] == "friendly":
        day = start + DAY * rng.randint(30, 60)
        while day <= until:
            talk(day, "supervision", rng.choices(("referent", "group", "psychologist"), (7, 2, 1))[0])
            day += DAY * rng.randint(42, 77)
    return found


def preferred_languages(records: list[tuple[str, dict]], seed: int) -> None:
    """A preferred language for most volunteers, in place: the one they are fluent in of Dutch and
    French, English for a few (some leave it unsaid, as a record made before the field would)."""
    rng = random.Random(f"preferred-languages-{seed}")
    for path, volunteer in records:
        if not path.startswith("records/volunteers/") or rng.random() < 0.1:
            continue
        fluent = [item["code"] for item in volunteer["languages"] if item["level"] == "fluent"]
        english = "en" in fluent and rng.random() < 0.25
        choice = "en" if english else next((code for code in fluent if code in ("nl", "fr")), "nl")
        items = list(volunteer.items())
        at = next(index for index, (key, _) in enumerate(items) if key == "languages")
        items.insert(at + 1, ("preferred_language", choice))
        volunteer.clear()
        volunteer.update(items)
