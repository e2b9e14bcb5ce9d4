"""The closed list of what a visitor may observe about conditions of detention.

The areas follow the APT/UNHCR/IDC practical manual "Monitoring immigration
detention" (2014): treatment, isolation, material conditions, medical care,
legal safeguards, contact with the outside world, vulnerable people, family
unity. A visit report lists the codes observed at that visit (`observations`,
visit schema version 2); the yearly monitoring report counts, per centre, the
people about whom each was observed. Codes are stable: records hold them.
The schema's enum is this list (a test keeps the two in step).
"""

from __future__ import annotations

from visits.i18n import N_

# area -> (code -> English name), in the order the forms and the report show them
AREAS: dict[str, dict[str, str]] = {
    "treatment": {
        "ill-treatment": N_("Ill-treatment or humiliation reported"),
        "force-at-removal": N_("Use of force at a removal attempt"),
    },
    "isolation": {
        "isolation-cell": N_("Placed in an isolation cell"),
        "separate-regime": N_("Held apart from the other residents"),
    },
    "material-conditions": {
        "living-conditions": N_("Hygiene, food, heating or overcrowding"),
        "no-activities": N_("No activity, outdoor time or work"),
    },
    "medical-care": {
        "medical-access": N_("Late or refused access to a doctor"),
        "medical-complaint": N_("Complaint about medical care"),
        "treatment-interrupted": N_("Treatment or medication interrupted"),
    },
    "legal-safeguards": {
        "no-lawyer": N_("Insufficient access to a lawyer or legal aid"),
        "no-information": N_("Not informed of rights or procedure"),
        "no-interpreter": N_("No interpreter when one was needed"),
    },
    "outside-contact": {
        "visits-restricted": N_("Visits restricted"),
        "phone-restricted": N_("Telephone or internet restricted"),
    },
    "vulnerable-people": {
        "mental-health": N_("Mental health problems"),
        "pregnancy": N_("Pregnancy"),
        "disability": N_("Disability"),
        "possible-minor": N_("Possibly a minor"),
        "trafficking-victim": N_("Possible victim of trafficking"),
        "lgbt": N_("LGBT+ person at risk"),
    },
    "family": {
        "family-separation": N_("Separated from family in Belgium"),
    },
}

AREA_NAMES: dict[str, str] = {
    "treatment": N_("Treatment and use of force"),
    "isolation": N_("Isolation and segregation"),
    "material-conditions": N_("Material conditions"),
    "medical-care": N_("Medical care"),
    "legal-safeguards": N_("Legal safeguards"),
    "outside-contact": N_("Contact with the outside world"),
    "vulnerable-people": N_("Vulnerable people"),
    "family": N_("Family unity"),
}

NAMES: dict[str, str] = {code: name for codes in AREAS.values() for code, name in codes.items()}
CODES: tuple[str, ...] = tuple(NAMES)
AREA_OF: dict[str, str] = {code: area for area, codes in AREAS.items() for code in codes}
