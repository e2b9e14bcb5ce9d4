"""The quarterly meeting packs of the last year, published on the internal site."""

from __future__ import annotations

import datetime as dt

from visits.pack import Quarter, render_pack
from visits.stats.measures import collect

PUBLISHED = 4  # the last year's meetings; older packs stay available from `visits pack`


def _quarter_of(day: str) -> Quarter:
    return Quarter(int(day[:4]), (int(day[5:7]) - 1) // 3 + 1)


def pack_pages(corpus, config: dict, today: dt.date, facts=None) -> dict[str, str]:
    """index.md and one page per quarter, newest first, for quarters with visits."""
    visited = {
        _quarter_of(visit.data["date"]).label for visit in corpus.of("visit") if visit.data["date"] <= today.isoformat()
    }
    quarter = _quarter_of(today.isoformat())
    chosen: list[Quarter] = []
    while len(chosen) < PUBLISHED and visited and quarter.label >= min(visited):
        if quarter.label in visited:
            chosen.append(quarter)
        quarter = quarter.previous()
    facts = facts or collect(corpus, config, today)  # gathered once for all the packs
    pages = {f"{q.label}.md": render_pack(corpus, config, q.label, today, facts) for q in chosen}
    lines = [
        "# Meeting packs",
        "",
        "The pack prepared for each quarterly meeting of all detention visitors: the quarter's "
        "figures against the previous one, open follow-up actions and training gaps. "
        "Older packs: `visits pack --quarter YYYY-Qn`.",
        "",
    ]
    lines += [f"- [{q.label}]({q.label}.md)" for q in chosen] or ["No quarter with visits yet."]
    return {"index.md": "\n".join(lines) + "\n", **pages}
