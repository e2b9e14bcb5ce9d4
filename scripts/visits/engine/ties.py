"""Ties: the engine's words for how the findings of one visit or expense can depend on another.

A visit's or an expense's findings depend on the records of the other kinds
(centres, volunteers, people, assignments, meetings, trainings), which a change
makes a full run, and on the few visits and expenses it shares a tie with:

    v|<visit id>            a visit, and the expenses naming it; a visit whose id is not its
                            file's name has one for that name too
    pd|<person>|<day>       visits to one person on one day
    vd|<volunteer>|<day>    one volunteer's visits on one day, and the expenses of that day
                            naming a visit
    ey|<volunteer>|<year>   one volunteer's expenses in a year
    e|<expense id>          expenses sharing an id
    a|<assignment>          the visits of an assignment, on which its own findings depend

Which of them matter is not said here: each rule declares the ties it relates records
by (`@rule(ties=...)`, visits.rules), and after a change the engine follows the declared
ones only (`split`). The memo keeps every tie of every record, so that declaring one more
needs no other change; a rule relating visits or expenses in a way none of these says
needs a new word here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from visits.records import FileResult
from visits.rules import declared_ties

if TYPE_CHECKING:
    from visits.engine.memo import Memo

Assignments = dict[str, tuple[object, object]]  # assignment id -> (person, volunteer), as recorded
Fresh = Mapping[str, list[str]]  # path -> the ties of a file as it is now

TIED = ("visit", "expense")
VOCABULARY = frozenset({"v", "pd", "vd", "ey", "e", "a"})


# "\n" and "\t" join ties and "|" their parts: values holding them are schema errors anyway
_MARKS = re.compile("[\n\t|]")


def _usable(value: object) -> str | None:
    return value if isinstance(value, str) and value and not _MARKS.search(value) else None


def _all_usable(*values: object) -> bool:
    """One check for a whole record: at 180,000 records, one per value is a second's work."""
    try:
        return not _MARKS.search("".join(values)) and all(values[:3])  # type: ignore[arg-type]  # else TypeError
    except TypeError:  # not all text
        return False


def ties(kind: str | None, data: object, assignments: Assignments, path: str = "") -> list[str]:
    """The ties of a visit or an expense at `path`; `assignments` maps an id to its (person, volunteer)."""
    if not isinstance(data, dict):
        return []
    if kind == "visit":
        found = _visit_ties(data, assignments)
        named = _usable(path.rpartition("/")[2].removesuffix(".yaml"))
        if named and found and found[0] != f"v|{named}":  # only with an id: the first tie is the visit's own
            found.append(f"v|{named}")
        return found
    return _expense_ties(data) if kind == "expense" else []


def _visit_ties(data: dict[str, Any], assignments: Assignments) -> list[str]:
    visit_id, assignment, day = data.get("id"), data.get("assignment"), data.get("date")
    if not _all_usable(visit_id, assignment, day):
        visit_id, assignment, day = _usable(visit_id), _usable(assignment), _usable(day)
    found = [f"v|{visit_id}"] if visit_id else []
    if assignment:
        found.append(f"a|{assignment}")
        person, volunteer = assignments.get(assignment, (None, None))
        if day and isinstance(person, str):
            found.append(f"pd|{person}|{day}")
        if day and isinstance(volunteer, str):
            found.append(f"vd|{volunteer}|{day}")
    return found


def _expense_ties(data: dict[str, Any]) -> list[str]:
    expense_id, volunteer, day, visit = data.get("id"), data.get("volunteer"), data.get("date"), data.get("visit", "")
    if not _all_usable(expense_id, volunteer, day, visit):
        expense_id, volunteer, day, visit = map(_usable, (expense_id, volunteer, day, visit))
    found = [f"e|{expense_id}"] if expense_id else []
    if volunteer and day:
        found.append(f"ey|{volunteer}|{day[:4]}")
    if visit:
        found.append(f"v|{visit}")
        if volunteer and day:
            found.append(f"vd|{volunteer}|{day}")
    return found


def joined_ties(result: FileResult, assignments: Assignments) -> str:
    """The ties of a file's record joined by "\t", as the memo keeps them. A valid visit or expense
    (the schemas allow no tab, bar or line break in its ids and dates) takes one string format:
    at 180,000 records building lists first costs half a second."""
    data = result.data
    if result.kind == "visit" and result.valid:
        person, volunteer = assignments.get(data["assignment"], (None, None))
        if type(person) is str and type(volunteer) is str and result.path.endswith(f"/{data['id']}.yaml"):
            day = data["date"]
            return f"v|{data['id']}\ta|{data['assignment']}\tpd|{person}|{day}\tvd|{volunteer}|{day}"
    elif result.kind == "expense" and result.valid and "visit" in data:
        volunteer, day = data["volunteer"], data["date"]
        return f"e|{data['id']}\tey|{volunteer}|{day[:4]}\tv|{data['visit']}\tvd|{volunteer}|{day}"
    return "\t".join(ties(result.kind, data, assignments, result.path))


def assignments_of(results: Iterable[FileResult]) -> Assignments:
    """(person, volunteer) of each valid assignment id, the first in path order as Corpus.get has it."""
    found: Assignments = {}
    for result in results:
        if result.kind == "assignment" and result.valid:
            found.setdefault(result.data["id"], (result.data["person"], result.data["volunteer"]))
    return found


def followed() -> frozenset[str]:
    """The ties the rules declare, checked against the vocabulary."""
    declared = declared_ties()
    unknown = declared - VOCABULARY
    if unknown:
        raise ValueError(f"rules declare ties the engine does not know: {', '.join(sorted(unknown))}")
    return declared


def split(tied: Iterable[str]) -> tuple[set[str], set[str]]:
    """(the declared ties between visits and expenses, the ids of the assignments that `a|` ties
    name when a rule declares them); ties no rule declares are left out."""
    declared = followed()
    peers, named = set(), set()
    for tie in tied:
        kind, _, rest = tie.partition("|")
        if kind not in declared:
            continue
        if kind == "a":
            named.add(rest)
        else:
            peers.add(tie)
    return peers, named


def assignment_paths(results: Iterable[FileResult], named: set[str]) -> set[str]:
    """The files of the assignments with these ids, broken ones included."""
    return {
        result.path
        for result in results
        if result.kind == "assignment" and isinstance(result.data, dict) and result.data.get("id") in named
    }


def members(
    memo: Memo, wanted: set[str], changed: AbstractSet[str] = frozenset(), fresh: Fresh | None = None
) -> set[str]:
    """The files with any of these ties as they are now: the memo's, less the `changed` files,
    whose `fresh` ties (path -> list) stand instead."""
    found = {path for paths in memo.members(wanted).values() for path in paths} - changed
    return found | {path for path, tied_now in (fresh or {}).items() if not wanted.isdisjoint(tied_now)}


def reached(
    memo: Memo,
    tied: Iterable[str],
    whole: Iterable[FileResult],
    changed: AbstractSet[str] = frozenset(),
    fresh: Fresh | None = None,
) -> set[str]:
    """The records a change reaches through the declared ties in `tied`: those sharing one (see
    members) and the assignments the `a|` ties name. The one answer for the memo's re-check and
    for `--changed-since`."""
    peers, named = split(tied)
    return members(memo, peers, changed, fresh) | assignment_paths(whole, named)
