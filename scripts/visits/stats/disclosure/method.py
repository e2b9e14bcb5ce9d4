"""The disclosure control method in words, for the statistics pages, the report and the README."""

from __future__ import annotations


def method_paragraphs(t, k: int, width: int) -> list[str]:
    """Paragraphs (Markdown) saying how counts of people are protected, in the translator's language.

    `k` is privacy.min_count, `width` privacy.min_interval_values (visits.yml).
    """
    if k <= 1:
        return [t.gettext("privacy.min_count is 1 in visits.yml: no count of people is hidden.")]
    return [
        t.gettext(
            "Counts of people from 1 to {small} are never published (primary suppression). "
            "Other cells are hidden with them where a reader could otherwise work them out "
            "(secondary suppression, as tau-ARGUS and sdcTable do). Every hidden cell shows the same "
            "mark, x, so that a reader cannot tell a small count from a cell hidden to protect it."
        ).format(small=k - 1),
        t.gettext(
            "The protection is proven, not assumed. On every build an audit gathers every table about "
            "people the project publishes (the statistics of every year, the meeting packs, the "
            "monitoring report and the recruitment dashboard) and everything a reader knows about how "
            "they relate: totals and subtotals, months within quarters within the year, the same people "
            "in several breakdowns, people at a centre at most the visits there, new people among the "
            "people visited, counts that are never negative and always whole. By integer programming "
            "(HiGHS) it computes, for every hidden small count, the smallest and largest value a reader "
            "could derive from all of it together."
        ),
        t.ngettext(
            "Each such interval must hold at least {width} possible value; where one is narrower, one more "
            "cell is hidden and the audit runs again. The site is not built when a count stays too exposed.",
            "Each such interval must hold at least {width} possible values; where one is narrower, one more "
            "cell is hidden and the audit runs again. The site is not built when a count stays too exposed.",
            width,
        ).format(width=width),
        t.gettext(
            "Settings in visits.yml: privacy.min_count ({k}, the smallest count published) and "
            "privacy.min_interval_values ({width}, the fewest values a hidden count may be narrowed to). "
            "`visits audit` runs the audit alone and prints its summary."
        ).format(k=k, width=width),
    ]
