"""The training matrix: per volunteer, the modules their role requires and which are done.

What a role requires is read from the training pages themselves (front matter
`module` and `audience`), so the matrix and the pages volunteers read can never
disagree. A centre induction is required once for every centre a volunteer visits.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from visits.rules import checked_date
from visits.site import SiteError
from visits.site.markdown import Md, escape, front_matter, link, page, table
from visits.site.text import Text, text_of

INDUCTION = "centre-induction"
ROLES = ("friendly", "accredited")
FIRST_MONTHS = 3  # modules are followed within the first three months


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    page: str  # file name in training/
    audience: tuple[str, ...]
    centre: str | None = None


@dataclass(frozen=True)
class Requirement:
    module: str
    centre: str | None = None


def training_modules(folder: Path, label: str) -> list[Module]:
    """Modules described by the training pages of `folder` (`label` names it in errors)."""
    modules = []
    for path in sorted(folder.glob("*.md")):
        file = f"{label}/{path.name}"
        meta, _ = front_matter(path.read_text(encoding="utf-8"), file)
        if "module" not in meta:
            continue  # an overview page, not a module
        audience = meta.get("audience")
        if (
            not isinstance(meta["module"], str)
            or not isinstance(audience, list)
            or not set(audience) <= set(ROLES)
            or not isinstance(meta.get("title"), str)
        ):
            raise SiteError(
                f"{file}: front matter needs 'title', 'module' and 'audience' (a list of roles: {', '.join(ROLES)})"
            )
        centre = meta.get("centre")
        if meta["module"] == INDUCTION and not isinstance(centre, str):
            raise SiteError(f"{file}: a centre induction page needs 'centre: <centre id>'")
        modules.append(
            Module(
                meta["module"],
                meta["title"],
                path.name,
                tuple(audience),
                str(centre) if meta["module"] == INDUCTION else None,
            )
        )
    return modules


def general_modules(modules: list[Module]) -> list[Module]:
    """One entry per module that is not a centre induction, in page order."""
    seen: dict[str, Module] = {}
    for module in modules:
        if module.centre is None:
            seen.setdefault(module.id, module)
    return list(seen.values())


def requirements(modules: list[Module], volunteer: dict) -> list[Requirement]:
    role = volunteer["role"]
    needed = [Requirement(module.id) for module in general_modules(modules) if role in module.audience]
    if any(module.id == INDUCTION and role in module.audience for module in modules):
        needed += [Requirement(INDUCTION, centre) for centre in volunteer["centres"]]
    return needed


def attendance(corpus, today: dt.date) -> dict[tuple[str, Requirement], dt.date]:
    """(volunteer id, requirement) -> first day it was followed, sessions up to today."""
    first: dict[tuple[str, Requirement], dt.date] = {}
    for session in corpus.of("training"):
        day = checked_date(session.data["date"])
        if day > today:
            continue
        module = session.data["module"]
        done = Requirement(module, session.data.get("centre") if module == INDUCTION else None)
        for volunteer in session.data["attendees"]:
            key = (volunteer, done)
            if key not in first or day < first[key]:
                first[key] = day
    return first


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def matrix_page(corpus, modules: list[Module], today: dt.date, text: Text | None = None) -> str:
    text = text or text_of("en")
    done = attendance(corpus, today)
    volunteers = sorted(
        (v for v in corpus.of("volunteer") if v.data["status"] != "left"),
        key=lambda v: (v.data["display_name"].casefold(), v.id),
    )
    columns = general_modules(modules)
    titles = {module.id: module.title for module in columns} | {INDUCTION: text.gettext("Centre induction")}
    rows, missing_rows = [], []
    for volunteer in volunteers:
        needed = requirements(modules, volunteer.data)
        missing = [need for need in needed if (volunteer.id, need) not in done]
        name = _name(volunteer, text)
        role = text.label("role", volunteer.data["role"])
        cells = [
            _module_cell((volunteer.id, Requirement(module.id)) in done, Requirement(module.id) in needed, text)
            for module in columns
        ]
        inductions = Md(", ".join(_induction(done, volunteer.id, need) for need in needed if need.centre) or "—")
        rows.append([name, role, text.date(volunteer.data["start_date"]), *cells, inductions])
        if missing:
            missing_rows.append(
                [
                    name,
                    role,
                    Md(", ".join(_requirement_label(corpus, titles, need, text) for need in missing)),
                    _deadline(checked_date(volunteer.data["start_date"]), today, text),
                ]
            )
    return page(
        text.gettext("Training matrix"),
        "*"
        + text.gettext(
            "Generated from the training records on {date}. Volunteers who left are not shown. Each "
            "volunteer follows the modules of their role within the first {months} months; see the "
            "[training programme](index.md).",
            date=text.date(today, "long"),
            months=FIRST_MONTHS,
        )
        + "*",
        _roles_summary(modules, columns, text),
        "## "
        + text.gettext("Still missing a module")
        + "\n\n"
        + text.ngettext(
            "{missing} of {n} volunteer still misses at least one required module.",
            "{missing} of {n} volunteers still miss at least one required module.",
            len(volunteers),
            missing=text.number(len(missing_rows)),
        ),
        table(
            [
                text.gettext("Volunteer"),
                text.gettext("Role"),
                text.gettext("Missing"),
                text.gettext("First three months"),
            ],
            missing_rows,
            empty=text.gettext("Every volunteer has followed every module their role requires."),
        ),
        "## " + text.gettext("All volunteers"),
        text.gettext("✓ done, **✗ missing**, — not required for the role. Centre inductions are listed by centre id."),
        table(
            [
                text.gettext("Volunteer"),
                text.gettext("Role"),
                text.gettext("Started"),
                *[link(m.title, m.page) for m in columns],
                text.gettext("Centre inductions"),
            ],
            rows,
            empty=text.gettext("No volunteers yet."),
        ),
        "## " + text.gettext("Training sessions"),
        _sessions(corpus, titles, today, text),
    )


def _name(volunteer, text: Text) -> Md:
    paused = " (" + text.gettext("paused") + ")" if volunteer.data["status"] == "paused" else ""
    return Md(escape(volunteer.data["display_name"]) + escape(paused))


def _module_cell(followed: bool, required: bool, text: Text) -> Md:
    if followed:
        return Md("✓ " + escape(text.gettext("done")))
    return Md("**✗ " + escape(text.gettext("missing")) + "**") if required else Md("—")


def _induction(done, volunteer_id: str, need: Requirement) -> str:
    return f"✓ {escape(need.centre)}" if (volunteer_id, need) in done else f"**✗ {escape(need.centre)}**"


def _requirement_label(corpus, titles: dict[str, str], need: Requirement, text: Text) -> str:
    if need.centre:
        return escape(text.gettext("induction {centre}", centre=text.centre(corpus, need.centre)))
    return escape(titles.get(need.module, need.module))


def _deadline(start: dt.date, today: dt.date, text: Text) -> str:
    end = add_months(start, FIRST_MONTHS)
    left = (end - today).days
    if left < 0:
        return text.gettext("ended {date}", date=text.date(end))
    return text.ngettext("ends {date} ({n} day left)", "ends {date} ({n} days left)", left, date=text.date(end))


def _roles_summary(modules: list[Module], columns: list[Module], text: Text) -> str:
    lines = []
    for role in ROLES:
        names: list[str] = [escape(m.title) for m in columns if role in m.audience]
        if any(m.id == INDUCTION and role in m.audience for m in modules):
            names.append(escape(text.gettext("the induction of every centre where they visit")))
        lines.append(text.t.typography(f"- **{escape(text.label('role', role))}:** ") + f"{text.t.join(names)}.")
    return text.gettext("Required modules, as stated on the training pages:") + "\n\n" + "\n".join(lines)


def _sessions(corpus, titles: dict[str, str], today: dt.date, text: Text) -> str:
    sessions = sorted(corpus.of("training"), key=lambda s: (s.data["date"], s.id), reverse=True)
    rows = [
        [
            text.date(session.data["date"]),
            escape(titles.get(session.data["module"], session.data["module"])),
            text.centre(corpus, session.data["centre"]) if session.data.get("centre") else "—",
            session.data["trainer"],
            text.number(len(session.data["attendees"])),
        ]
        for session in sessions
        if checked_date(session.data["date"]) <= today
    ]
    return table(
        [
            text.gettext("Date"),
            text.gettext("Module"),
            text.gettext("Centre"),
            text.gettext("Trainer"),
            text.gettext("Attendees"),
        ],
        rows,
        empty=text.gettext("No sessions yet."),
    )
