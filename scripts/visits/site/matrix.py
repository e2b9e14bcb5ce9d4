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

INDUCTION = "centre-induction"
ROLES = ("friendly", "accredited")
FIRST_MONTHS = 3  # modules are followed within the first three months
MISSING = Md("**✗ missing**")


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


def matrix_page(corpus, modules: list[Module], today: dt.date) -> str:
    done = attendance(corpus, today)
    volunteers = sorted(
        (v for v in corpus.of("volunteer") if v.data["status"] != "left"),
        key=lambda v: (v.data["display_name"].casefold(), v.id),
    )
    columns = general_modules(modules)
    titles = {module.id: module.title for module in columns} | {INDUCTION: "Centre induction"}
    rows, missing_rows = [], []
    for volunteer in volunteers:
        needed = requirements(modules, volunteer.data)
        missing = [need for need in needed if (volunteer.id, need) not in done]
        name = _name(volunteer)
        cells = [
            _module_cell((volunteer.id, Requirement(module.id)) in done, Requirement(module.id) in needed)
            for module in columns
        ]
        inductions = Md(", ".join(_induction(done, volunteer.id, need) for need in needed if need.centre) or "—")
        rows.append([name, volunteer.data["role"], volunteer.data["start_date"], *cells, inductions])
        if missing:
            missing_rows.append(
                [
                    name,
                    volunteer.data["role"],
                    Md(", ".join(_requirement_label(corpus, titles, need) for need in missing)),
                    _deadline(checked_date(volunteer.data["start_date"]), today),
                ]
            )
    return page(
        "Training matrix",
        f"*Generated from the training records on {today.isoformat()}. Volunteers who left are "
        "not shown. Each volunteer follows the modules of their role within the first "
        f"{FIRST_MONTHS} months; see the [training programme](index.md).*",
        _roles_summary(modules, columns),
        f"## Still missing a module\n\n{len(missing_rows)} of {len(volunteers)} volunteers still "
        "miss at least one required module.",
        table(
            ["Volunteer", "Role", "Missing", "First three months"],
            missing_rows,
            empty="Every volunteer has followed every module their role requires.",
        ),
        "## All volunteers",
        "✓ done, **✗ missing**, — not required for the role. Centre inductions are listed by centre id.",
        table(
            ["Volunteer", "Role", "Started", *[link(m.title, m.page) for m in columns], "Centre inductions"],
            rows,
            empty="No volunteers yet.",
        ),
        "## Training sessions",
        _sessions(corpus, titles, today),
    )


def _name(volunteer) -> Md:
    paused = " (paused)" if volunteer.data["status"] == "paused" else ""
    return Md(escape(volunteer.data["display_name"]) + paused)


def _module_cell(followed: bool, required: bool) -> Md:
    if followed:
        return Md("✓ done")
    return MISSING if required else Md("—")


def _centre_name(corpus, centre_id) -> Md:
    centre = corpus.get("centre", centre_id)
    return escape(centre.data["name"]["en"] if centre else centre_id)


def _induction(done, volunteer_id: str, need: Requirement) -> str:
    return f"✓ {escape(need.centre)}" if (volunteer_id, need) in done else f"**✗ {escape(need.centre)}**"


def _requirement_label(corpus, titles: dict[str, str], need: Requirement) -> str:
    if need.centre:
        return f"induction {_centre_name(corpus, need.centre)}"
    return escape(titles.get(need.module, need.module))


def _deadline(start: dt.date, today: dt.date) -> str:
    end = add_months(start, FIRST_MONTHS)
    left = (end - today).days
    if left < 0:
        return f"ended {end.isoformat()}"
    return f"ends {end.isoformat()} ({left} day{'' if left == 1 else 's'} left)"


def _roles_summary(modules: list[Module], columns: list[Module]) -> str:
    lines = []
    for role in ROLES:
        names: list[str] = [escape(m.title) for m in columns if role in m.audience]
        if any(m.id == INDUCTION and role in m.audience for m in modules):
            names.append("the induction of every centre where they visit")
        lines.append(f"- **{role.capitalize()} visitors:** {', '.join(names)}.")
    return "Required modules, as stated on the training pages:\n\n" + "\n".join(lines)


def _sessions(corpus, titles: dict[str, str], today: dt.date) -> str:
    sessions = sorted(corpus.of("training"), key=lambda s: (s.data["date"], s.id), reverse=True)
    rows = [
        [
            session.data["date"],
            escape(titles.get(session.data["module"], session.data["module"])),
            _centre_name(corpus, session.data["centre"]) if session.data.get("centre") else "—",
            session.data["trainer"],
            len(session.data["attendees"]),
        ]
        for session in sessions
        if checked_date(session.data["date"]) <= today
    ]
    return table(["Date", "Module", "Centre", "Trainer", "Attendees"], rows, empty="No sessions yet.")
