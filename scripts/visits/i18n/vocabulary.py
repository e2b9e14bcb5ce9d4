"""Names for the codes the records hold, in the reader's language.

Tables, chart legends, forms and CSV files meant for people show these names,
never the codes: "Dublin transfer" / "Dublin-overdracht" / "Transfert Dublin"
for `dublin-transfer`. The English names are marked here for extraction and
translated with the field as context (`pgettext`), because one English word
may need two translations in two fields. Countries and languages take their
names from Babel (CLDR); centres from their own records' `name`.
"""

from __future__ import annotations

from collections.abc import Mapping

from visits import monitoring
from visits.i18n import N_, Translator

# field -> code -> English name. A field's codes are the enum of its schema.
NAMES: dict[str, dict[str, str]] = {
    "outcome": {
        "released": N_("Released"),
        "removed": N_("Removed"),
        "dublin-transfer": N_("Dublin transfer"),
        "transferred": N_("Transferred to another centre"),
        "still-detained": N_("Still detained"),
        "other": N_("Other outcome"),
    },
    "age_band": {
        "under-18": N_("Under 18"),
        "18-24": N_("18 to 24"),
        "25-34": N_("25 to 34"),
        "35-44": N_("35 to 44"),
        "45-54": N_("45 to 54"),
        "55-64": N_("55 to 64"),
        "65-plus": N_("65 and over"),
        "unknown": N_("Age unknown"),
    },
    "gender": {
        "female": N_("Women"),
        "male": N_("Men"),
        "non-binary": N_("Non-binary"),
        "unknown": N_("Gender unknown"),
    },
    "vulnerability": {
        "minor-claimed": N_("Says they are a minor"),
        "pregnancy": N_("Pregnancy"),
        "disability": N_("Disability"),
        "serious-illness": N_("Serious illness"),
        "psychological-distress": N_("Psychological distress"),
        "trafficking-victim": N_("Possible victim of trafficking"),
        "lgbtqi": N_("LGBTQI+"),
        "family-with-children": N_("Family with children"),
    },
    "topic": {
        "legal-procedure": N_("Legal procedure"),
        "health": N_("Health"),
        "family-contact": N_("Contact with family"),
        "living-conditions": N_("Living conditions"),
        "emotional-support": N_("Emotional support"),
        "spiritual-support": N_("Spiritual support"),
        "practical-needs": N_("Practical needs"),
        "release-return-preparation": N_("Preparing release or return"),
    },
    "concern": {
        "suicidal-thoughts": N_("Suicidal thoughts"),
        "self-harm": N_("Self-harm"),
        "possible-minor": N_("Possibly a minor"),
        "segregation": N_("Held in isolation"),
        "violence": N_("Violence"),
        "medical-emergency": N_("Medical emergency"),
    },
    "action": {
        "lawyer": N_("Lawyer"),
        "family": N_("Family"),
        "administration": N_("Administration"),
        "partner-organisation": N_("Partner organisation"),
        "medical": N_("Medical"),
        "other": N_("Other"),
    },
    "action_status": {"open": N_("Open"), "done": N_("Done")},
    "expense_kind": {"transport": N_("Transport"), "telephone": N_("Telephone")},
    "expense_status": {"submitted": N_("Submitted"), "approved": N_("Approved"), "paid": N_("Paid")},
    "role": {"friendly": N_("Friendly visitor"), "accredited": N_("Accredited visitor")},
    "meeting": {"quarterly": N_("Quarterly meeting"), "team": N_("Team meeting"), "encounter": N_("Encounter")},
    "weekday": {
        "monday": N_("Monday"),
        "tuesday": N_("Tuesday"),
        "wednesday": N_("Wednesday"),
        "thursday": N_("Thursday"),
        "friday": N_("Friday"),
        "saturday": N_("Saturday"),
        "sunday": N_("Sunday"),
    },
    # how the person seemed, on the visit schema's scale (the forms show "3 – fair")
    "wellbeing": {
        "1": N_("very poor"),
        "2": N_("poor"),
        "3": N_("fair"),
        "4": N_("good"),
        "5": N_("very good"),
    },
    "preferred_language": {"nl": N_("Dutch"), "fr": N_("French"), "en": N_("English")},
    "level": {"fluent": N_("Fluent"), "passive": N_("Understands it")},
    "volunteer_status": {"active": N_("Active"), "paused": N_("Paused"), "left": N_("Left")},
    "evaluation_kind": {"evaluation": N_("Evaluation"), "supervision": N_("Supervision talk")},
    "module": {
        "active-listening": N_("Active listening"),
        "immigration-law": N_("Immigration law"),
        "intercultural-communication": N_("Intercultural communication"),
        "trauma": N_("Trauma"),
        "centre-induction": N_("Centre induction"),
        "other": N_("Other training"),
    },
    "observation": monitoring.NAMES,
    "observation_area": monitoring.AREA_NAMES,
}


# where each vocabulary field is a schema's enum: record kind -> property path ("*" for a
# list's items) -> field, so that the forms and the field reference name every option
SCHEMA_FIELDS: dict[str, dict[str, str]] = {
    "visit": {
        "topics.*": "topic",
        "concerns.*": "concern",
        "observations.*": "observation",
        "follow_up.*.kind": "action",
        "follow_up.*.status": "action_status",
    },
    "person": {
        "outcome.kind": "outcome",
        "age_band": "age_band",
        "gender": "gender",
        "vulnerabilities.*": "vulnerability",
    },
    "volunteer": {
        "role": "role",
        "status": "volunteer_status",
        "languages.*.level": "level",
        "preferred_language": "preferred_language",
    },
    "candidate": {"languages.*.level": "level"},
    "centre": {"visiting.days.*": "weekday"},
    "expense": {"kind": "expense_kind", "status": "expense_status"},
    "meeting": {"kind": "meeting"},
    "evaluation": {"kind": "evaluation_kind"},
    "training": {"module": "module"},
}


def enum_label(t: Translator, kind: str, path: str, code: str) -> str:
    """The name of an enum value of a record kind's property (`path` as in SCHEMA_FIELDS)."""
    field = SCHEMA_FIELDS.get(kind, {}).get(path)
    return label(t, field, code) if field else code


def label(t: Translator, field: str, code: str) -> str:
    """The name of `code` in `field`, in t's language; an unknown code shows as itself."""
    english = NAMES.get(field, {}).get(code)
    return t.pgettext(field, english) if english else code


def country(t: Translator, code: str) -> str:
    """A nationality held as an ISO 3166 code: Syrië, Syrie, Syria."""
    return t.locale.territories.get(code.upper(), code)


def language(t: Translator, code: str) -> str:
    """A language held as an ISO 639 code: Arabisch, arabe, Arabic (capitalised: it heads a row)."""
    name = t.locale.languages.get(code.lower(), code)
    return name[:1].upper() + name[1:]


def centre(t: Translator, names: Mapping[str, str] | None, code: str) -> str:
    """A centre's name as its record gives it in t's language, else in English, else its id."""
    names = names or {}
    return names.get(t.language) or names.get("en") or code
