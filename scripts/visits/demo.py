"""A fictional but realistic programme of any size, reproducible from a seed.

Used for the example records in records/, for tests, and for benchmarks. Each
volunteer follows one detained person at a time, weekly, on a fixed weekday, so
the data passes every rule by construction; nobody and nothing in it is real.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from visits import demo_monitoring as monitoring
from visits import demo_people as people
from visits import demo_text as text
from visits.config import DEFAULTS
from visits.layout import KINDS
from visits.retention import add_months, marker
from visits.rules import parse_date

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)
VOLUNTEER_FIELDS = (
    "id",
    "display_name",
    "role",
    "referent",
    "languages",
    "centres",
    "start_date",
    "commitment_end",
    "weekly_hours",
    "accreditation",
    "status",
    "handle",
    "candidate",
)
REQUIRED = {
    "friendly": ("active-listening", "intercultural-communication", "trauma"),
    "accredited": ("active-listening", "intercultural-communication", "trauma", "immigration-law"),
}


def _iso(day: dt.date) -> str:
    return day.isoformat()


class Programme:
    def __init__(self, visits: int, seed: int, until: dt.date):
        self.rng = random.Random(seed)
        self.seed = seed
        self.until = until
        self.target = visits
        self.records: list[tuple[str, dict]] = []
        self.person_numbers: dict[int, int] = defaultdict(int)
        self.assignment_numbers: dict[int, int] = defaultdict(int)
        self.volunteers: list[dict] = []
        self.visit_dates: dict[str, list[dt.date]] = defaultdict(list)
        self.visit_ids: dict[tuple[str, dt.date], str] = {}

    def add(self, kind: str, data: dict, owner: str | None = None) -> dict:
        record = {"schema_version": KINDS[kind].version, **data}
        path = KINDS[kind].expected_path(record, owner)
        assert path is not None, (kind, record.get("id"))  # made with every field its path needs
        self.records.append((path, record))
        return record

    # --- who ---------------------------------------------------------------------------

    def centres(self) -> None:
        for centre in text.CENTRES:
            self.add("centre", centre)

    def make_volunteers(self, count: int) -> None:
        names = self.rng.sample(text.volunteer_names(), count)
        accredited_count = max(3, round(count * 0.4))
        active_centres = [c["id"] for c in text.CENTRES]
        for index, (first, last) in enumerate(names):
            role = "accredited" if index < accredited_count else "friendly"
            vid = f"{first}-{last}".lower().replace(" ", "-")
            centres = self.rng.sample(active_centres[:3], 1) if index % 5 else [active_centres[3 + index % 3]]
            fluent, passive = self.rng.choice((("nl", "fr"), ("fr", "nl")))
            languages = [{"code": fluent, "level": "fluent"}, {"code": passive, "level": "passive"}]
            languages += [
                {"code": code, "level": self.rng.choice(("fluent", "passive"))}
                for code in self.rng.sample(("en", "ar", "es", "ru", "ti"), self.rng.randint(0, 2))
            ]
            volunteer: dict[str, object] = {
                "id": vid,
                "display_name": f"{first.title()} {last[0].upper()}.",
                "role": role,
                "languages": languages,
                "centres": centres,
                "status": "active",
                "handle": vid.replace("-", "") + "-v",
            }
            if role == "accredited":
                volunteer["weekly_hours"] = self.rng.choice((8, 8, 10, 12, 16))
                volunteer["accreditation"] = {"centres": centres, "valid_until": None}
            self.volunteers.append(volunteer)
        if len(self.volunteers) > 8:  # a programme always has people leaving and pausing
            self.volunteers[-1]["status"] = "left"
            self.volunteers[-2]["status"] = "paused"

    def referent_for(self, volunteer: dict) -> str:
        accredited = [v for v in self.volunteers if v["role"] == "accredited" and v["status"] == "active"]
        same_centre = [v for v in accredited if set(v["centres"]) & set(volunteer["centres"])]
        return self.rng.choice(same_centre or accredited)["id"]

    # --- what happens --------------------------------------------------------------------

    def segments(self, quota: int) -> list[tuple[int, int]]:
        """(visits, weeks of gap before the next) per assignment, adding up to quota."""
        parts, total = [], 0
        while total < quota:
            visits = min(self.rng.choice((6, 10, 14, 20, 26, 30, 34)), quota - total)
            parts.append((visits, self.rng.choice((0, 1, 1, 2, 3))))
            total += visits
        return parts

    def follow(self, volunteer: dict, quota: int) -> tuple[dt.date, dt.date]:
        """Lay out a volunteer's assignments backwards from their last day; returns (start, end)."""
        last_day = self.until  # active volunteers reported this week: nobody is overdue
        if volunteer["status"] != "active":
            last_day -= WEEK * self.rng.randint(3, 10)
        weekday_shift = self.rng.randint(0, 6)
        hour = self.rng.choice(("10:00", "10:30", "13:30", "14:00", "14:30", "15:00"))
        cursor = last_day - DAY * weekday_shift
        plan = []
        for visits, gap in reversed(self.segments(quota)):
            dates = [cursor - WEEK * k for k in reversed(range(visits))]
            plan.append(dates)
            cursor = dates[0] - WEEK * (gap + 1)
        plan.reverse()
        for number, dates in enumerate(plan):
            ongoing = number == len(plan) - 1 and volunteer["status"] == "active"
            self.assignment(volunteer, dates, hour, ongoing)
        return plan[0][0], plan[-1][-1]

    def person(self, centre: str, first_visit: dt.date, last_visit: dt.date, ongoing: bool) -> dict:
        start = first_visit - DAY * self.rng.randint(2, 25)
        self.person_numbers[start.year] += 1
        female = centre == "holsbeek" or self.rng.random() < 0.12
        data: dict[str, object] = {
            "id": f"P-{start.year}-{self.person_numbers[start.year]:04d}",
            "centre": centre,
            "detention_start": _iso(start),
            "nationality": self.rng.choice(text.NATIONALITIES),
            "age_band": self.rng.choices(text.AGE_BANDS, text.AGE_WEIGHTS)[0],
            "gender": "female" if female else self.rng.choice(("male",) * 30 + ("unknown", "non-binary")),
            "languages": self.rng.sample(text.PERSON_LANGUAGES, self.rng.randint(1, 3)),
        }
        flags = [flag for flag, chance in text.VULNERABILITIES if self.rng.random() < chance]
        if flags:
            data["vulnerabilities"] = flags
        if ongoing:
            data["outcome"] = {"kind": "still-detained"}
        else:
            kind = self.rng.choices(text.OUTCOMES, text.OUTCOME_WEIGHTS)[0]
            data["outcome"] = {"kind": kind, "date": _iso(min(last_visit + DAY * self.rng.randint(1, 6), self.until))}
        return self.add("person", data)

    def assignment(self, volunteer: dict, dates: list[dt.date], hour: str, ongoing: bool) -> None:
        centre = volunteer["centres"][0]
        person = self.person(centre, dates[0], dates[-1], ongoing)
        year = dates[0].year
        self.assignment_numbers[year] += 1
        assignment = {
            "id": f"A-{year}-{self.assignment_numbers[year]:04d}",
            "volunteer": volunteer["id"],
            "person": person["id"],
            "centre": centre,
            "start_date": _iso(dates[0] - DAY),
        }
        if not ongoing:
            assignment["end_date"] = person["outcome"]["date"]
        assignment["visits_per_week"] = 1
        self.add("assignment", assignment)
        for day in dates:
            self.visit(volunteer, assignment, person, day, hour)

    def visit(self, volunteer: dict, assignment: dict, person: dict, day: dt.date, hour: str) -> None:
        rng = self.rng
        spoken = {lang["code"] for lang in volunteer["languages"]}
        shared = [code for code in person["languages"] if code in spoken]
        language = shared[0] if shared else rng.choice(("en", "fr"))
        concerns = [c for c, chance in text.CONCERNS if rng.random() < chance]
        visit = {
            "id": f"{_iso(day)}-{assignment['id']}",
            "assignment": assignment["id"],
            "date": _iso(day),
            "start_time": hour,
            "duration_minutes": rng.choice((30, 40, 45, 50, 55, 60)),
            "language": language,
            "interpreter": not shared and rng.random() < 0.5,
            "topics": rng.sample(text.TOPICS, rng.randint(1, 3)),
            "wellbeing": rng.choices((1, 2, 3, 4, 5), (1, 3, 5, 4, 2))[0],
        }
        if concerns:
            visit["concerns"] = concerns
        if rng.random() < (0.35 if volunteer["role"] == "accredited" else 0.15):
            owner = volunteer["id"] if volunteer["role"] == "accredited" else volunteer["referent"]
            due = day + DAY * rng.randint(5, 21)
            visit["follow_up"] = [
                {
                    "kind": rng.choice(text.FOLLOW_UP_KINDS),
                    "owner": owner,
                    "due": _iso(due),
                    "status": "open" if due > self.until else "done",
                    "action": rng.choice(text.ACTIONS),
                }
            ]
        visit["notes"] = text.notes(rng, visit["topics"], visit["wellbeing"])
        self.apply_retention(visit, person)
        self.add("visit", visit, owner=volunteer["id"])
        self.visit_dates[volunteer["id"]].append(day)
        self.visit_ids[(volunteer["id"], day)] = visit["id"]

    def apply_retention(self, visit: dict, person: dict) -> None:
        """Old text is redacted as `visits retention --apply` would have done on its day."""
        ended = parse_date(person["outcome"].get("date"))
        if ended is None:
            return
        settings = DEFAULTS["retention"]
        for rule, months, texts in (
            ("visit-notes", settings["visit_notes_months"], [visit]),
            ("follow-up-actions", settings["follow_up_action_months"], visit.get("follow_up", [])),
        ):
            since = add_months(ended, months)
            if since <= self.until:
                for holder in texts:
                    holder["notes" if holder is visit else "action"] = marker(rule, since)

    # --- around the visits -------------------------------------------------------------

    def expenses(self) -> None:
        for volunteer in self.volunteers:
            vid = volunteer["id"]
            for day in self.visit_dates[vid]:
                if self.rng.random() < 0.6:
                    self.add(
                        "expense",
                        {
                            "id": f"{_iso(day)}-{vid}-transport",
                            "volunteer": vid,
                            "date": _iso(day),
                            "kind": "transport",
                            "km": self.rng.randint(8, 45),
                            "visit": self.visit_ids[(vid, day)],
                            "status": self.expense_status(day),
                        },
                        owner=vid,
                    )
            if volunteer["role"] == "accredited":
                months = sorted({(d.year, d.month) for d in self.visit_dates[vid]})
                for year, month in months:
                    day = dt.date(year, month, 28)
                    if day <= self.until:
                        self.add(
                            "expense",
                            {
                                "id": f"{_iso(day)}-{vid}-telephone",
                                "volunteer": vid,
                                "date": _iso(day),
                                "kind": "telephone",
                                "amount_cents": self.rng.choice((500, 1000, 1500)),
                                "status": self.expense_status(day),
                            },
                            owner=vid,
                        )

    def expense_status(self, day: dt.date) -> str:
        age = (self.until - day).days
        return "paid" if age > 45 else "approved" if age > 15 else "submitted"

    def trainings(self, starts: dict[str, dt.date]) -> None:
        sessions: dict[tuple, list[str]] = defaultdict(list)
        for volunteer in self.volunteers:
            start = starts[volunteer["id"]]
            for offset, module in enumerate(REQUIRED[volunteer["role"]]):
                day = min(start + DAY * (12 + 14 * offset), self.until)
                sessions[(module, None, dt.date(day.year, day.month, 1))].append(volunteer["id"])
            first = min(start + DAY * 5, self.until)
            sessions[("centre-induction", volunteer["centres"][0], first.replace(day=1))].append(volunteer["id"])
        for (module, centre, month), attendees in sorted(
            sessions.items(), key=lambda s: (s[0][2], s[0][0], s[0][1] or "")
        ):
            day = min(month + DAY * 14, self.until)
            slug = f"{module}-{centre}" if centre else module
            data = {
                "id": f"{_iso(day)}-{slug}",
                "module": module,
                "date": _iso(day),
                "trainer": self.rng.choice(text.TRAINERS),
                "attendees": sorted(attendees),
            }
            if centre:
                data["centre"] = centre
            self.add("training", data)

    def meetings(self, starts: dict[str, dt.date], ends: dict[str, dt.date]) -> None:
        first = min(starts.values())
        month = dt.date(first.year, first.month, 1)
        quarter_missed: set[str] = set()
        while month <= self.until:
            day = month + DAY * 19
            present = [v for v in self.volunteers if starts[v["id"]] <= day <= ends[v["id"]]]
            if day <= self.until and month.month in (3, 6, 9, 12) and present:
                attendees = []
                for v in present:  # nobody misses two quarterly meetings in a row
                    if v["id"] in quarter_missed or self.rng.random() > 0.15:
                        attendees.append(v["id"])
                        quarter_missed.discard(v["id"])
                    else:
                        quarter_missed.add(v["id"])
                self.add(
                    "meeting",
                    {
                        "id": f"{_iso(day)}-quarterly",
                        "date": _iso(day),
                        "kind": "quarterly",
                        "place": "Brussels",
                        "attendees": sorted(attendees),
                    },
                )
            team = [v["id"] for v in present if v["role"] == "accredited"]
            if day <= self.until and team:
                self.add(
                    "meeting",
                    {
                        "id": f"{_iso(day - DAY * 7)}-team",
                        "date": _iso(day - DAY * 7),
                        "kind": "team",
                        "place": "Brussels",
                        "attendees": sorted(team),
                    },
                )
            month = (month + DAY * 32).replace(day=1)

    def build(self, volunteers: int) -> list[tuple[str, dict]]:
        self.centres()
        self.make_volunteers(volunteers)
        for volunteer in self.volunteers:
            if volunteer["role"] == "friendly":
                volunteer["referent"] = self.referent_for(volunteer)
        starts, ends = {}, {}
        for index, volunteer in enumerate(self.volunteers):
            quota = self.target // volunteers + (1 if index < self.target % volunteers else 0)
            first, last = self.follow(volunteer, max(quota, 1))
            starts[volunteer["id"]] = first - DAY * self.rng.randint(20, 40)
            ends[volunteer["id"]] = last if volunteer["status"] != "active" else self.until
        for volunteer in self.volunteers:
            self.finish_volunteer(volunteer, starts[volunteer["id"]])
        self.trainings(starts)
        self.meetings(starts, ends)
        self.expenses()
        # after the rest, from generators of their own: the visits, trainings, meetings and
        # expenses are those of a programme without them
        recruitment = people.Recruitment(
            self.seed, self.until, [str(centre["id"]) for centre in text.CENTRES], self.free_names()
        )
        candidates, newcomers = recruitment.year(self.volunteers)
        for candidate in candidates:
            self.add("candidate", candidate)
        for volunteer in newcomers:
            self.add("volunteer", {key: volunteer[key] for key in VOLUNTEER_FIELDS if key in volunteer})
        people.welcome(
            self.records, newcomers, {candidate["id"]: candidate for candidate in candidates}, recruitment.rng, self.add
        )
        talks_rng = random.Random(f"talks-{self.seed}")
        for volunteer in self.volunteers + newcomers:
            if volunteer["status"] == "active":
                for talk in people.talks(talks_rng, volunteer, self.until):
                    self.add("evaluation", talk, owner=volunteer["id"])
        self.monitoring(newcomers)
        return self.records

    def monitoring(self, newcomers: list[dict]) -> None:
        """Observations on the visits, notable facts at the centres, the volunteers' preferred
        languages: each from a generator of its own, after everything else."""
        everyone = self.volunteers + newcomers
        monitoring.observe(self.records, {v["id"]: v["role"] for v in everyone}, self.seed)
        people.preferred_languages(self.records, self.seed)
        reviewers = sorted(v["id"] for v in self.volunteers if v["role"] == "accredited" and v["status"] == "active")
        first = min(day for days in self.visit_dates.values() for day in days)
        centres = [str(centre["id"]) for centre in text.CENTRES if centre.get("active", True)]
        for fact in monitoring.notable_facts(centres, reviewers, first, self.until, self.seed):
            self.add("notable-fact", fact)

    def free_names(self) -> list[tuple[str, str]]:
        """The invented names no volunteer has, shuffled, for the candidates."""
        taken = {volunteer["id"] for volunteer in self.volunteers}
        names = [name for name in text.volunteer_names() if f"{name[0]}-{name[1]}" not in taken]
        random.Random(f"names-{self.seed}").shuffle(names)
        return names

    def finish_volunteer(self, volunteer: dict, start: dt.date) -> None:
        volunteer["start_date"] = _iso(start)
        volunteer["commitment_end"] = _iso(start + DAY * self.rng.choice((365, 400, 730)))
        if volunteer["role"] == "accredited":
            volunteer["accreditation"]["valid_until"] = _iso(self.until + DAY * self.rng.randint(45, 500))
        self.add("volunteer", {key: volunteer[key] for key in VOLUNTEER_FIELDS if key in volunteer})


def generate(visits: int, seed: int = 1, until: dt.date | None = None) -> list[tuple[str, dict]]:
    """(repository path, record) for a whole programme with exactly `visits` visit reports."""
    until = until or dt.date.today()
    # every volunteer makes at least one visit, so a tiny programme has fewer volunteers
    # about 45 weekly visits a volunteer: a year of data for the example, more years when larger
    volunteers = min(visits, max(12, min(visits // 45, 25 + visits // 400)))
    return Programme(visits, seed, until).build(volunteers)
