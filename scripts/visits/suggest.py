"""Did you mean …? The known ids nearest to one that resolves to nothing, by edit distance.

The distance is Damerau-Levenshtein's (optimal string alignment: a swap of two
neighbouring letters counts one), cut off at a bound so that a comparison stops
as soon as it cannot come under it. The callers choose the candidates: every id
of a small kind, or the few records a misspelt id can be meant for.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_SHOWN = 3  # more names than that help nobody choose


def bound_for(name: str) -> int:
    """How far a suggestion may be: one edit in a short id, up to three in a long one."""
    return max(1, min(3, len(name) // 5))


def distance(a: str, b: str, bound: int) -> int:
    """The edit distance of a and b, or bound + 1 when it is larger than bound."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            cost = char != other
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        before, previous = previous, current
    return min(previous[-1], bound + 1)


class Suggester:
    """The nearest of some known ids, each name's answer worked out once."""

    def __init__(self, known: Iterable[str]):
        self.known = known
        self._memo: dict[str, list[str]] = {}

    def nearest(self, name) -> list[str]:
        if not isinstance(name, str) or not name:
            return []
        if name not in self._memo:
            folded, bound = name.casefold(), bound_for(name)
            scored = sorted(
                (distance(folded, known.casefold(), bound), known)
                for known in self.known
                if isinstance(known, str) and known != name
            )
            best = [known for score, known in scored if score <= bound and score == scored[0][0]]
            self._memo[name] = best[:MAX_SHOWN]
        return self._memo[name]

    def hint(self, name) -> str:
        """'did you mean 'x'?' (or 'x' or 'y'), or '' when no known id is near."""
        names = self.nearest(name)
        return f"did you mean {' or '.join(repr(known) for known in names)}?" if names else ""
