"""Did you mean …? The known ids nearest to one that resolves to nothing, by edit distance.

The distance is Damerau-Levenshtein's (optimal string alignment: a swap of two
neighbouring letters counts one), cut off at a bound so that a comparison stops
as soon as it cannot come under it. A misspelt id is reported once per run at
most per reference, but the known ids can be 100,000 visits: for those the
candidates are only the ids that share the first or the last half with it,
which finds every id one edit away (an edit leaves one half whole) and most two
edits away.
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
    """The nearest known ids of one kind; `exhaustive` compares with every one (a kind with
    few records), otherwise only with those sharing half of the name (see the module)."""

    def __init__(self, known: Iterable[str], exhaustive: bool = True):
        self.known, self.exhaustive = known, exhaustive
        self._halves: dict[str, set[str]] | None = None
        self._memo: dict[str, list[str]] = {}

    def nearest(self, name) -> list[str]:
        if not isinstance(name, str) or not name:
            return []
        if name not in self._memo:
            folded, bound = name.casefold(), bound_for(name)
            scored = sorted((distance(folded, known.casefold(), bound), known) for known in self._candidates(name)
                            if isinstance(known, str) and known != name)
            best = [known for score, known in scored if score <= bound and score == scored[0][0]]
            self._memo[name] = best[:MAX_SHOWN]
        return self._memo[name]

    def hint(self, name) -> str:
        """'did you mean 'x'?' (or 'x' or 'y'), or '' when no known id is near."""
        names = self.nearest(name)
        return f"did you mean {' or '.join(repr(known) for known in names)}?" if names else ""

    def _candidates(self, name: str) -> Iterable[str]:
        if self.exhaustive:
            return self.known
        if self._halves is None:
            self._halves = {}
            for known in self.known:
                if isinstance(known, str):
                    middle = len(known) // 2
                    self._halves.setdefault("<" + known[:middle], set()).add(known)
                    self._halves.setdefault(">" + known[middle:], set()).add(known)
        found: set[str] = set()
        bound = bound_for(name)
        for length in range(max(1, len(name) - bound), len(name) + bound + 1):
            middle = length // 2  # where the half of an id of that length starts or ends
            found |= self._halves.get("<" + name[:middle], set())
            found |= self._halves.get(">" + name[len(name) - (length - middle):], set())
        return found
