"""The quarterly meeting packs of the last year, published on the internal site."""

from __future__ import annotations

import datetime as dt
import inspect

from visits.pack import Quarter, render_pack
from visits.site.text import Text, text_of
from visits.stats.measures import collect

PUBLISHED = 4  # the last year's meetings; older packs stay available from `visits pack`


def _quarter_of(day: str) -> Quarter:
    return Quarter(int(day[:4]), (int(day[5:7]) - 1) // 3 + 1)


def published_quarters(corpus, today: dt.date) -> list[Quarter]:
    """The last PUBLISHED quarters with visits, newest first."""
    visited = {
        _quarter_of(visit.data["date"]).label for visit in corpus.of("visit") if visit.data["date"] <= today.isoformat()
    }
    quarter = _quarter_of(today.isoformat())
    chosen: list[Quarter] = []
    while len(chosen) < PUBLISHED and visited and quarter.label >= min(visited):
        if quarter.label in visited:
            chosen.append(quarter)
        quarter = quarter.previous()
    return chosen


def pack_pages(corpus, config: dict, today: dt.date, facts=None, text: Text | None = None) -> dict[str, str]:
    """index.md and one page per quarter, newest first, for quarters with visits."""
    text = text or text_of("en")
    chosen = published_quarters(corpus, today)
    facts = facts or collect(corpus, config, today)  # gathered once for all the packs
    # the pack speaks the page's language once visits.pack takes one (its --lang)
    language = {"language": text.language} if "language" in inspect.signature(render_pack).parameters else {}
    pages = {f"{q.label}.md": render_pack(corpus, config, q.label, today, facts, **language) for q in chosen}
    lines = [
        "# " + text.gettext("Meeting packs"),
        "",
        text.gettext(
            "The pack prepared for each quarterly meeting of all detention visitors: the quarter's figures "
            "against the previous one, open follow-up actions and training gaps. Older packs: {command}.",
            command="`visits pack --quarter YYYY-Qn`",
        ),
        "",
    ]
    lines += [f"- [{q.label}]({q.label}.md)" for q in chosen] or [text.gettext("No quarter with visits yet.")]
    return {"index.md": "\n".join(lines) + "\n", **pages}
