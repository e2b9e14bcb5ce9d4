"""Notable facts at a centre: their id, their reviewer, and texts that could identify someone.

A notable fact's text is published in the monitoring report, so it must name
nobody. Nothing can prove a text anonymous; what can be caught is what the
records themselves would give away: a person, candidate or assignment code, an
Immigration Office file number, a name that a volunteer or candidate record
holds. Such a text is a warning, not an error (the reviewer may judge "Sint-Jan"
harmless), and the finding says what was found so that it can be rephrased.

These rules relate notable facts to centres, volunteers and candidates only,
never to visits or expenses, so they need no tie (see volunteering.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from visits.config import severity_for
from visits.rules import rule

HINTS = {
    "identifying-text": (
        "describe what happened without who: 'a detained man', 'a family', 'a visitor'; "
        "leave out codes, file numbers and names"
    ),
    "reviewer-not-coordinator": "a coordinator (an accredited visitor) reviews notable facts: use their volunteer id",
}
LANGUAGES = ("nl", "fr", "en")

# codes of the records: person, candidate, assignment (any case, any dash)
_CODES = (
    (re.compile(r"\bP[-‐‑–]?\d{4}[-‐‑–]?\d{4}\b", re.IGNORECASE), "a person code"),
    (re.compile(r"\bC[-‐‑–]?\d{4}[-‐‑–]?\d{4}\b", re.IGNORECASE), "a candidate code"),
    (re.compile(r"\bA[-‐‑–]?\d{4}[-‐‑–]?\d{4}\b", re.IGNORECASE), "an assignment id"),
)
# the Immigration Office (OE/DVZ) file number: 6 to 8 digits (or grouped by dots: 1.234.567),
# or any number after the words it is written after ("OE 12345", "dossier n° 7 654 321")
_FILE_NUMBER = re.compile(
    r"(?<![\w.])(?:\d{6,8}|\d{1,2}\.\d{3}\.\d{3})(?![\w]|[.,]\d)"
    r"|\b(?:OE|DVZ|SP|dossier)\W{0,3}(?:(?:n[°ºo]|nr|no|nummer|numéro|number)\W{0,3})?\d[\d .]{2,10}\d(?![\w]|[.,]\d)",
    re.IGNORECASE,
)
# words of names that are no name on their own, in the languages of Belgian surnames
PARTICLES = frozenset(
    "de del della der des di du da den het la le les ten ter van von vander vande vanden el al bin ben y".split()
)


def fold(text: str) -> str:
    """Lower case without accents: 'Élodie' and 'elodie' are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", fold(text))


def names_in_records(corpus) -> frozenset[str]:
    """Every first or last name the volunteer and candidate records hold, folded."""
    texts = []
    for volunteer in corpus.of("volunteer"):
        texts += [volunteer.data["id"].replace("-", " "), volunteer.data["display_name"]]
    texts += [candidate.data["name"] for candidate in corpus.of("candidate") if "name" in candidate.data]
    return frozenset(word for text in texts for word in words(text) if len(word) > 1 and word not in PARTICLES)


def identifying(text: str, names: frozenset[str]) -> list[tuple[str, str]]:
    """(what it looks like, the text found) for each part of `text` that could identify someone."""
    found: list[tuple[str, str]] = []
    for pattern, what in _CODES:
        found += [(what, match.group()) for match in pattern.finditer(text)]
    found += [("an Immigration Office file number", match.group().strip()) for match in _FILE_NUMBER.finditer(text)]
    found += [(_NAME, word) for word in _named_words(text, names)]
    return found


_NAME = "a name from the volunteers' records"


def _named_words(text: str, names: frozenset[str]) -> list[str]:
    """The words of `text` (as written) that are a name in `names`, each once."""
    seen: dict[str, str] = {}
    for match in re.finditer(r"[^\W\d_]+", text):
        key = _folded_word(match.group())
        if key in names:
            seen.setdefault(key, match.group())
    return list(seen.values())


@lru_cache(maxsize=4096)
def _folded_word(word: str) -> str:
    return fold(word)


def _describe(found: list[tuple[str, str]]) -> str:
    kinds: dict[str, list[str]] = {}
    for what, text in found:
        kinds.setdefault(what, [])
        if text not in kinds[what]:
            kinds[what].append(text)
    return "; ".join(f"{what} ({', '.join(repr(text) for text in texts)})" for what, texts in kinds.items())


@rule()
def check_identifying_text(corpus, context):
    facts = corpus.judged("notable-fact", needs=("text",))
    if not facts:
        return
    names = names_in_records(corpus)
    code = "identifying-text"
    for fact in facts:
        for language in LANGUAGES:
            text = fact.data["text"].get(language)
            found = identifying(text, names) if isinstance(text, str) else []
            if found:
                yield corpus.finding(
                    fact,
                    ("text", language),
                    code,
                    f"text.{language} may identify someone: it holds {_describe(found)}",
                    severity=severity_for(context.config, code),
                    hint=HINTS[code],
                )


@rule()
def check_reviewers(corpus, context):
    code = "reviewer-not-coordinator"
    for fact in corpus.judged("notable-fact", needs=(), optional=("reviewed_by",)):
        reviewer = corpus.get("volunteer", fact.data.get("reviewed_by"))  # unreviewed: None
        # the volunteer records say who is accredited, not who coordinates: accredited it must be
        if reviewer is not None and reviewer.data["role"] != "accredited":
            yield corpus.finding(
                fact,
                ("reviewed_by",),
                code,
                f"reviewed_by '{reviewer.id}' is a friendly visitor, not a coordinator",
                severity=severity_for(context.config, code),
                hint=HINTS[code],
            )


@rule()
def check_ids(corpus, context):
    """The id is <date>-<centre>, with -2, -3... for more facts at that centre that day."""
    for fact in corpus.judged("notable-fact", needs=("id", "date", "centre")):
        if not fact.id.startswith(fact.data["date"]) or fact.data["centre"] not in corpus.known_ids["centre"]:
            continue  # reported already, as path-mismatch (integrity.check_paths) or unknown-centre
        stem = f"{fact.data['date']}-{fact.data['centre']}"
        rest = fact.id.removeprefix(stem)
        if fact.id.startswith(stem) and (not rest or re.fullmatch(r"-[2-9]|-[1-9]\d", rest)):
            continue
        yield corpus.finding(
            fact,
            ("id",),
            "path-mismatch",
            f"id '{fact.id}' should be {stem} (or {stem}-2 for a second fact there that day)",
            hint=f"set id: {stem} and name the file after it",
        )


RULES = (check_ids, check_reviewers, check_identifying_text)
