"""What the demo's visitors observe, and the notable facts at its centres.

Made after the rest of the programme, from generators of their own (as the
recruitment year in demo_people.py), so that the visits, people and dates are
those of a programme without them. Observations are sparse: most visits have
none, an accredited visitor (who follows the legal side) notes them more often,
and each centre has a few recurrent concerns. A vulnerable-people observation
is only ever made about a person whose record has the matching vulnerability.
Notable facts are invented, name nobody and hold no number that could be a
file number; the last weeks' facts are not reviewed yet.
"""

from __future__ import annotations

import datetime as dt
import random

from babel.dates import format_date

from visits.monitoring import AREA_OF

# the person's vulnerability -> the observation it can give rise to
VULNERABLE = {
    "minor-claimed": "possible-minor",
    "pregnancy": "pregnancy",
    "disability": "disability",
    "psychological-distress": "mental-health",
    "trafficking-victim": "trafficking-victim",
    "lgbtqi": "lgbt",
    "serious-illness": "treatment-interrupted",
}
# what visitors hear week after week at each centre; any other code now and then
RECURRENT = {
    "bruges": ("living-conditions", "medical-access", "phone-restricted"),
    "127bis": ("force-at-removal", "no-information", "isolation-cell"),
    "caricole": ("no-lawyer", "no-interpreter", "force-at-removal"),
    "holsbeek": ("family-separation", "medical-complaint", "no-information"),
    "merksplas": ("no-lawyer", "living-conditions", "no-activities"),
    "vottem": ("isolation-cell", "medical-complaint", "visits-restricted"),
}
OTHERS = tuple(code for code, area in AREA_OF.items() if area != "vulnerable-people")
CHANCE = {"accredited": 0.22, "friendly": 0.07}  # of a visit with any observation
UNREVIEWED_DAYS = 21  # facts this recent wait for a coordinator's review

# kind -> weight, and its text per language ({date}, {n} residents, {days} days)
FACTS = {
    "hunger-strike": (
        3,
        {
            "nl": "Vanaf {date} weigerden {n} bewoners {days} dagen lang het eten, uit protest tegen de duur "
            "van hun opsluiting.",
            "fr": "À partir du {date}, {n} résidents ont refusé de s'alimenter pendant {days} jours pour protester "
            "contre la durée de leur détention.",
            "en": "From {date}, {n} residents refused food for {days} days in protest at the length of their "
            "detention.",
        },
    ),
    "protest": (
        2,
        {
            "nl": "Op {date} weigerden {n} bewoners na de wandeling terug naar binnen te gaan, uit protest tegen een "
            "aangekondigde groepsverwijdering.",
            "fr": "Le {date}, {n} résidents ont refusé de rentrer après la promenade pour protester contre un "
            "éloignement collectif annoncé.",
            "en": "On {date}, {n} residents refused to go back inside after outdoor time, in protest at an announced "
            "group removal.",
        },
    ),
    "death": (
        0.3,
        {
            "nl": "Op {date} overleed een bewoner in het centrum. Het parket opende een onderzoek; de bezoekers boden "
            "de medebewoners een gesprek aan.",
            "fr": "Le {date}, un résident est décédé au centre. Le parquet a ouvert une enquête ; les visiteurs ont "
            "proposé un entretien aux autres résidents.",
            "en": "On {date}, a resident died at the centre. The public prosecutor opened an inquiry; the visitors "
            "offered the other residents a talk.",
        },
    ),
    "suicide-attempt": (
        1,
        {
            "nl": "Op {date} deed een bewoner een zelfmoordpoging. Hij werd naar het ziekenhuis gebracht en later "
            "naar het centrum teruggebracht.",
            "fr": "Le {date}, un résident a fait une tentative de suicide. Il a été conduit à l'hôpital, puis ramené "
            "au centre.",
            "en": "On {date}, a resident attempted suicide. He was taken to hospital and later brought back to the "
            "centre.",
        },
    ),
    "fire": (
        1,
        {
            "nl": "Op {date} brak brand uit in een leefgroep. De bewoners werden geëvacueerd; de vleugel bleef "
            "{days} dagen dicht.",
            "fr": "Le {date}, un incendie s'est déclaré dans une aile de vie. Les résidents ont été évacués ; l'aile "
            "est restée fermée {days} jours.",
            "en": "On {date}, a fire broke out in a living unit. The residents were evacuated; the wing stayed "
            "closed for {days} days.",
        },
    ),
    "violence": (
        2,
        {
            "nl": "Op {date} raakten een bewoner en twee begeleiders gewond bij een verwijderingspoging. Er werd "
            "klacht ingediend bij het Comité P.",
            "fr": "Le {date}, un résident et deux escorteurs ont été blessés lors d'une tentative d'éloignement. Une "
            "plainte a été déposée auprès du Comité P.",
            "en": "On {date}, a resident and two escorts were injured during a removal attempt. A complaint was "
            "filed with Comité P.",
        },
    ),
    "lockdown": (
        2,
        {
            "nl": "Vanaf {date} bleef het centrum {days} dagen afgesloten na een incident; bezoek en wandeling "
            "werden geschrapt.",
            "fr": "À partir du {date}, le centre a été bouclé pendant {days} jours après un incident ; visites et "
            "promenades ont été supprimées.",
            "en": "From {date}, the centre was locked down for {days} days after an incident; visits and outdoor "
            "time were cancelled.",
        },
    ),
    "visits-suspended": (
        2,
        {
            "nl": "Vanaf {date} werd het bezoek {days} dagen opgeschort wegens personeelstekort.",
            "fr": "À partir du {date}, les visites ont été suspendues pendant {days} jours faute de personnel.",
            "en": "From {date}, visits were suspended for {days} days for lack of staff.",
        },
    ),
    "inspection": (
        2,
        {
            "nl": "Op {date} bezocht de federale Ombudsman het centrum en sprak met {n} bewoners over de "
            "leefomstandigheden.",
            "fr": "Le {date}, le Médiateur fédéral a visité le centre et s'est entretenu avec {n} résidents des "
            "conditions de vie.",
            "en": "On {date}, the Federal Ombudsman visited the centre and spoke with {n} residents about living "
            "conditions.",
        },
    ),
    "policy-change": (
        1,
        {
            "nl": "Sinds {date} mogen bewoners hun eigen gsm niet meer gebruiken; ze krijgen een toestel zonder "
            "camera.",
            "fr": "Depuis le {date}, les résidents ne peuvent plus utiliser leur propre téléphone ; ils reçoivent "
            "un appareil sans caméra.",
            "en": "Since {date}, residents may no longer use their own phone; they are given a device without a "
            "camera.",
        },
    ),
    "other": (
        1,
        {
            "nl": "Op {date} werden {n} bewoners 's nachts naar een ander centrum overgebracht, zonder hun advocaat "
            "te verwittigen.",
            "fr": "Le {date}, {n} résidents ont été transférés de nuit vers un autre centre, sans que leur avocat "
            "soit prévenu.",
            "en": "On {date}, {n} residents were moved to another centre at night, without their lawyers being told.",
        },
    ),
}
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
SOURCES = ("visitors' reports", "the centre's management", "a lawyer", "the press", "a partner organisation")


def _insert_after(record: dict, anchors: tuple[str, ...], key: str, value) -> None:
    """Put key: value after the last of `anchors` the record holds: the schema's order."""
    at = max((index for index, name in enumerate(record) if name in anchors), default=len(record) - 1)
    items = list(record.items())
    items.insert(at + 1, (key, value))
    record.clear()
    record.update(items)


def observe(records: list[tuple[str, dict]], roles: dict[str, str], seed: int) -> None:
    """Add `observations` to some of the visit records, in place."""
    rng = random.Random(f"observations-{seed}")
    by_kind: dict[str, dict[str, dict]] = {"assignment": {}, "person": {}}
    for path, record in records:
        kind = path.split("/")[1]
        if kind in ("assignments", "people"):
            by_kind["assignment" if kind == "assignments" else "person"][record["id"]] = record
    for path, visit in records:
        if not path.startswith("records/visits/"):
            continue
        assignment = by_kind["assignment"][visit["assignment"]]
        person = by_kind["person"][assignment["person"]]
        codes = _codes(rng, roles[assignment["volunteer"]], assignment["centre"], person)
        if codes:
            _insert_after(visit, ("concerns", "wellbeing"), "observations", codes)


def _codes(rng: random.Random, role: str, centre: str, person: dict) -> list[str]:
    vulnerable = [VULNERABLE[flag] for flag in person.get("vulnerabilities", ()) if flag in VULNERABLE]
    codes = []
    if vulnerable and rng.random() < 0.3:
        codes.append(rng.choice(vulnerable))
    if rng.random() < CHANCE[role]:
        recurrent = RECURRENT.get(centre, OTHERS[:3])
        codes.append(rng.choice(recurrent) if rng.random() < 0.75 else rng.choice(OTHERS))
        if rng.random() < 0.2:
            codes.append(rng.choice(OTHERS))
    return list(dict.fromkeys(codes))  # in the order observed, each once


def notable_facts(centres: list[str], reviewers: list[str], first: dt.date, until: dt.date, seed: int) -> list[dict]:
    """A few facts per centre and year, from `first` to `until`."""
    rng = random.Random(f"notable-facts-{seed}")
    kinds = list(FACTS)
    weights = [FACTS[kind][0] for kind in kinds]
    facts: dict[str, dict] = {}
    for year in range(first.year, until.year + 1):
        start = max(first, dt.date(year, 1, 1))
        end = min(until, dt.date(year, 12, 31))
        if end <= start:
            continue
        covered = ((end - start).days + 1) / ((dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1)
        for centre in centres:
            for attempt in range(rng.randint(2, 4)):
                # a part of a year has its part of the facts, but every centre has one
                if attempt and rng.random() > covered:
                    continue
                day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                fact = _fact(rng, rng.choices(kinds, weights)[0], centre, day, reviewers, until)
                base, number = fact["id"], 2
                while fact["id"] in facts:
                    fact["id"], number = f"{base}-{number}", number + 1
                facts[fact["id"]] = fact
    return [facts[key] for key in sorted(facts)]


def _fact(rng: random.Random, kind: str, centre: str, day: dt.date, reviewers: list[str], until: dt.date) -> dict:
    values = {"n": rng.randint(3, 40), "days": rng.randint(2, 12)}
    text = {
        language: template.format(date=format_date(day, "d MMMM", locale=LOCALES[language]), **values)
        for language, template in FACTS[kind][1].items()
    }
    fact = {
        "id": f"{day.isoformat()}-{centre}",
        "date": day.isoformat(),
        "centre": centre,
        "kind": kind,
        "text": text,
        "source": rng.choice(SOURCES),
    }
    if (until - day).days > UNREVIEWED_DAYS:
        fact["reviewed_by"] = rng.choice(reviewers)
    return fact
