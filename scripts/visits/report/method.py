"""The report's section on method and limits: where each figure comes from, what it means,
how small counts are protected, and what the figures cannot say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from visits.report.figures import ReportFigures

if TYPE_CHECKING:
    from visits.report.pages import ReportPage


def _disclosure(page: ReportPage, k: int) -> list[str]:
    """The disclosure control's own description when the statistics provide it, else ours."""
    try:
        from visits.stats.disclosure import method_paragraphs  # type: ignore[attr-defined]
    except ImportError:
        method_paragraphs = None
    if method_paragraphs is not None:
        try:
            return list(method_paragraphs(page.t, k))
        except TypeError:  # another signature than the one expected: fall back to ours
            pass
    t = page.t
    return [
        t.gettext(
            "Counts of people from 1 to {small} are not published: they are shown as <{k}. So that such a "
            "count cannot be worked out from a total and the other cells, further cells are hidden too, "
            "shown as x (secondary suppression). Zero is published: nobody is identified by it. The same "
            "cell is hidden in every table, page and file that shows it, in the internal statistics as "
            "here. The threshold is privacy.min_count in the programme's settings, {k} for this report."
        ).format(small=k - 1, k=k)
    ]


def page(page: ReportPage, figures: ReportFigures) -> ReportPage:
    t, k, year = page.t, figures.k, figures.year
    page.heading(t.gettext("Where the figures come from"))
    page.text(
        t.gettext(
            "After each visit, the volunteer writes a visit report: the date, the length of the visit, "
            "the topics discussed and, since the visit report's version 2, the conditions of detention "
            "observed, from a closed list that follows the areas of the APT and UNHCR practical manual "
            '"Monitoring immigration detention". The people visited are known to the programme only '
            "by a pseudonymous code, with their centre, the dates of their detention, its outcome, their "
            "nationality, age band and the vulnerabilities the visitors noted. The figures are counted "
            "from these records; the visitors' notes and the follow-up actions are never used."
        )
    )
    page.heading(t.gettext("What the figures mean"))
    page.text(
        t.gettext(
            "A person accompanied in {year} is a person the programme visited at least once in {year}. "
            "Each is counted once, in the centre of their first visit of the year; all the report's "
            "figures about people accompanied (nationalities, vulnerabilities, observations, length of "
            "detention) count them in that same centre, so that the centres add up to the total."
        ).format(year=year),
        t.gettext(
            "An outcome (release, removal, Dublin transfer, transfer to another centre) counts in the year "
            "the detention ended, in the centre where the person was held last, for the people the "
            "programme met."
        ),
        t.gettext(
            "The length of detention is the number of days from the first day of detention to its end, "
            "when it ended in {year}, or else to the last day of {year} (or to the day the report was "
            "made, for a year not yet over). The quartiles are computed by linear interpolation between "
            "the ordered lengths (the \"inclusive\" method, as R's default and spreadsheets' QUARTILE.INC): "
            "a quarter of the people were detained for at most the lower quartile, half for at most the "
            "median. They are given only over {k} people or more, and not when the number of people is "
            "itself hidden."
        ).format(year=year, k=k),
        t.gettext(
            "A monitoring observation counts the people about whom it was reported at least once in the "
            "year, however many visits reported it. It says what the visitors heard or saw, not a "
            "finding that the facts occurred."
        ),
        t.gettext(
            "Notable facts are events at a centre (a strike, a death, a fire) written for publication "
            "and reviewed by the coordinators; only reviewed facts are published."
        ),
    )
    page.heading(t.gettext("Small numbers"))
    page.text(*_disclosure(page, k))
    page.heading(t.gettext("What the figures cannot say"))
    page.text(
        t.gettext(
            "The figures describe only the people the programme visited, not everyone detained in the "
            "closed centres: the Immigration Office publishes the number of people detained. A centre "
            "where the programme made few visits says little about that centre. The people visited are "
            "not a random sample: they asked for a visit, or were met by the visitors. An observation "
            "that was not reported did not necessarily not happen."
        )
    )
    return page
