"""Vocabulary of the demo generator: public centre facts and invented words only."""

from __future__ import annotations

from visits.stats import figures

CENTRES = [
    {
        "id": "bruges",
        "name": {"nl": "Gesloten centrum Brugge", "fr": "Centre fermé de Bruges", "en": "Bruges closed centre"},
        "city": "Brugge",
        "visiting": {
            "max_visitors_at_once": 1,
            "max_minutes": 60,
            "days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "from": "09:00",
            "until": "17:00",
        },
        "active": True,
    },
    {
        "id": "merksplas",
        "name": {
            "nl": "Gesloten centrum Merksplas",
            "fr": "Centre fermé de Merksplas",
            "en": "Merksplas closed centre",
        },
        "city": "Merksplas",
        "visiting": {
            "max_visitors_at_once": 1,
            "max_minutes": 60,
            "days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
            "from": "09:00",
            "until": "17:00",
        },
        "active": True,
    },
    {
        "id": "127bis",
        "name": {
            "nl": "Repatriëringscentrum 127bis (Steenokkerzeel)",
            "fr": "Centre de rapatriement 127bis (Steenokkerzeel)",
            "en": "127bis repatriation centre (Steenokkerzeel)",
        },
        "city": "Steenokkerzeel",
        "visiting": {
            "max_visitors_at_once": 1,
            "max_minutes": 60,
            "days": ["monday", "tuesday", "wednesday", "thursday", "friday", "sunday"],
            "from": "09:30",
            "until": "17:00",
        },
        "active": True,
    },
    {
        "id": "caricole",
        "name": {
            "nl": "Centrum Caricole (Steenokkerzeel)",
            "fr": "Centre Caricole (Steenokkerzeel)",
            "en": "Caricole centre (Steenokkerzeel)",
        },
        "city": "Steenokkerzeel",
        "visiting": {
            "max_visitors_at_once": 1,
            "max_minutes": 60,
            "days": ["monday", "wednesday", "friday", "saturday"],
            "from": "10:00",
            "until": "16:30",
        },
        "active": True,
    },
    {
        "id": "vottem",
        "name": {"nl": "Gesloten centrum Vottem", "fr": "Centre fermé de Vottem", "en": "Vottem closed centre"},
        "city": "Vottem",
        "visiting": {
            "max_visitors_at_once": 2,
            "max_minutes": 90,
            "days": ["tuesday", "thursday", "saturday", "sunday"],
            "from": "13:00",
            "until": "17:30",
        },
        "active": True,
    },
    {
        "id": "holsbeek",
        "name": {"nl": "Gesloten centrum Holsbeek", "fr": "Centre fermé de Holsbeek", "en": "Holsbeek closed centre"},
        "city": "Holsbeek",
        "visiting": {
            "max_visitors_at_once": 1,
            "max_minutes": 60,
            "days": ["monday", "wednesday", "friday", "sunday"],
            "from": "10:00",
            "until": "17:00",
        },
        "active": True,
    },
]

_FIRST = (
    "anne",
    "marc",
    "sofie",
    "karim",
    "lucie",
    "pieter",
    "nadia",
    "jonas",
    "claire",
    "youssef",
    "els",
    "thomas",
    "fatou",
    "bram",
    "helene",
    "samir",
    "lotte",
    "olivier",
    "ines",
    "wout",
    "marie",
    "david",
    "leen",
    "amadou",
    "griet",
    "pascale",
    "joris",
    "rania",
    "koen",
    "elise",
    "tom",
    "ana",
    "hugo",
    "sara",
    "jan",
    "lea",
    "noor",
    "felix",
    "mila",
    "rik",
)
_LAST = (
    "peeters",
    "dubois",
    "janssens",
    "lambert",
    "maes",
    "dupont",
    "claes",
    "leroy",
    "wouters",
    "renard",
    "goossens",
    "martin",
    "mertens",
    "simon",
    "willems",
    "laurent",
    "jacobs",
    "lejeune",
    "vermeulen",
    "henry",
    "de-smet",
    "collard",
    "hermans",
    "francois",
    "aerts",
    "gilles",
    "stevens",
    "masson",
    "pauwels",
    "denis",
)


def volunteer_names() -> list[tuple[str, str]]:
    """Every invented first-last pair, in a fixed order (the generator samples from it)."""
    return [(first, last) for first in _FIRST for last in _LAST]


NATIONALITIES = (
    "MA",
    "MA",
    "DZ",
    "DZ",
    "AL",
    "GE",
    "GE",
    "ER",
    "AF",
    "AF",
    "SY",
    "GN",
    "CD",
    "CM",
    "TN",
    "PS",
    "BR",
    "IN",
    "PK",
    "SN",
    "RO",
    "UA",
    "IQ",
    "TR",
    "NG",
    "XX",
)
AGE_BANDS = ("under-18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-plus", "unknown")
AGE_WEIGHTS = (1, 22, 38, 22, 10, 4, 1, 2)
PERSON_LANGUAGES = ("ar", "fr", "en", "ti", "ps", "fa", "sq", "ka", "es", "pt", "ru", "tr", "ur", "nl")
OUTCOMES = ("released", "removed", "dublin-transfer", "transferred", "other")
OUTCOME_WEIGHTS = (40, 30, 12, 12, 6)
VULNERABILITIES = (
    ("minor-claimed", 0.02),
    ("pregnancy", 0.01),
    ("disability", 0.03),
    ("serious-illness", 0.06),
    ("psychological-distress", 0.18),
    ("trafficking-victim", 0.02),
    ("lgbtqi", 0.03),
    ("family-with-children", 0.05),
)
# the statistics' list, which a test holds to the visit schema's
TOPICS = figures.TOPICS
CONCERNS = (
    ("suicidal-thoughts", 0.004),
    ("self-harm", 0.003),
    ("possible-minor", 0.002),
    ("segregation", 0.006),
    ("violence", 0.003),
    ("medical-emergency", 0.003),
)
FOLLOW_UP_KINDS = ("lawyer", "family", "administration", "partner-organisation", "medical", "other")
ACTIONS = (
    "Ask the lawyer about the council chamber hearing date",
    "Call the family contact abroad with the news",
    "Ask the centre's social service about medication",
    "Send the request for documents to the Immigration Office",
    "Pass the case to the partner organisation for legal aid",
    "Bring a phone card and clothes at the next visit",
)
TRAINERS = ("Coordination team", "Legal team", "Partner psychologist", "Experienced visitor")

_OPENINGS = {
    1: "Very low today, hardly spoke at first.",
    2: "Tired and worried, slept badly this week.",
    3: "Calm but anxious about what comes next.",
    4: "In good spirits, glad of the visit.",
    5: "Cheerful, made jokes about the food.",
}
_BY_TOPIC = {
    "legal-procedure": "We went through the letter from the lawyer together.",
    "health": "Mentions headaches; has seen the centre's doctor.",
    "family-contact": "Spoke with family by phone on Sunday.",
    "living-conditions": "Noise in the wing at night makes sleep hard.",
    "emotional-support": "Mostly listened; talked about home and the journey.",
    "spiritual-support": "Asked whether a chaplain can come by.",
    "practical-needs": "Needs warmer clothes and phone credit.",
    "release-return-preparation": "Talked about what to do on the day of release or return.",
}


def notes(rng, topics, wellbeing: int) -> str:
    """A few invented sentences; notes never leave the records, on any site."""
    lines = [_OPENINGS[wellbeing]] + [_BY_TOPIC[topic] for topic in topics]
    if rng.random() < 0.3:
        lines.append("Will continue next week as usual.")
    return "\n".join(lines) + "\n"
