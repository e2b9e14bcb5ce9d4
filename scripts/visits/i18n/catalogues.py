"""The message catalogues' upkeep: which files feed which domain, extraction, update, checks.

Each file of the package belongs to one domain, the first rule of `RULES` whose
pattern matches it; a domain's template (`locale/<domain>.pot`) holds the
messages marked in its files (`gettext`, `ngettext`, `pgettext`, `N_`), in
Python modules, in Jinja2 templates (through Jinja2's own Babel extractor) and,
for `forms`, the titles and descriptions of the JSON Schemas (`extract_schema`).
`update` brings every language's `.po` of a domain in step with its template the
way `pybabel update` does, with no fuzzy guesses and no obsolete entries kept:
a translator then fills the new `msgstr`s. The same Babel functions back
`pybabel extract -F` and `pybabel update`, so either may be used.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from visits.i18n import LANGUAGES, LOCALE_DIR, LOCALES, SOURCE_LANGUAGE

REPO = LOCALE_DIR.parents[3]  # scripts/visits/i18n/locale -> the repository
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
JINJA = "jinja2.ext.babel_extract"
SCHEMA = "visits.i18n.catalogues:extract_schema"
VOCABULARY = "visits.i18n.catalogues:extract_vocabulary"
FINDINGS = "visits.i18n.catalogues:extract_findings"
# names of codes are looked up with their field as context (vocabulary.label): extracted so;
# the findings' stable hints are plain strings of visits.findings, looked up whole
SPECIAL = {
    "scripts/visits/i18n/vocabulary.py": VOCABULARY,
    "scripts/visits/monitoring.py": VOCABULARY,
    "scripts/visits/i18n/findings.py": FINDINGS,
}
TRANSLATED = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)

# (glob from the repository root, domain), first match wins: specific files before their folders
RULES: tuple[tuple[str, str], ...] = (
    # forms: the report forms, the bot, the schemas' texts and the names of codes
    ("scripts/visits/issue*.py", "forms"),
    ("scripts/visits/monitoring.py", "forms"),
    ("scripts/visits/i18n/vocabulary.py", "forms"),
    ("scripts/visits/i18n/findings.py", "forms"),
    ("schemas/*.schema.json", "forms"),
    # report: the yearly monitoring report
    ("scripts/visits/report/**/*.py", "report"),
    ("scripts/visits/report/**/*.html", "report"),
    ("scripts/visits/report/**/*.md", "report"),
    ("scripts/visits/site/report*.py", "report"),
    ("scripts/visits/stats/measures.py", "report"),
    ("scripts/visits/commands/report.py", "report"),
    # audit: disclosure control
    ("scripts/visits/stats/suppress.py", "audit"),
    ("scripts/visits/stats/grids.py", "audit"),
    ("scripts/visits/stats/figures.py", "audit"),
    ("scripts/visits/stats/publication.py", "audit"),
    ("scripts/visits/stats/disclosure/**/*.py", "audit"),
    ("scripts/visits/commands/audit.py", "audit"),
    # stats: the statistics pages
    ("scripts/visits/stats/**/*.py", "stats"),
    # site: both sites' generated pages and theme
    ("scripts/visits/site/**/*.py", "site"),
    ("scripts/visits/site/**/*.html", "site"),
    ("scripts/visits/site/**/*.md", "site"),
    ("scripts/visits/commands/site.py", "site"),
    ("scripts/visits/commands/serve.py", "site"),
    ("docs/overrides/**/*.html", "site"),
    # records: the records, their rules, migration and the example data
    ("scripts/visits/rules/**/*.py", "records"),
    ("scripts/visits/records.py", "records"),
    ("scripts/visits/layout.py", "records"),
    ("scripts/visits/schemas.py", "records"),
    ("scripts/visits/codeowners.py", "records"),
    ("scripts/visits/demo*.py", "records"),
    ("scripts/visits/newrecord.py", "records"),
    ("scripts/visits/migrate.py", "records"),
    ("scripts/visits/notable*.py", "records"),
    ("scripts/visits/commands/migrate.py", "records"),
    # cli: every other command and what it writes for people (digest, pack, reporters)
    ("scripts/visits/commands/*.py", "cli"),
    ("scripts/visits/*.py", "cli"),
)
DOMAINS: tuple[str, ...] = tuple(dict.fromkeys(domain for _, domain in RULES))
_NOT_EXTRACTED = ("scripts/visits/i18n/__init__.py", "scripts/visits/i18n/catalogues.py")


def method_of(path: Path, root: Path = REPO) -> str:
    special = SPECIAL.get(path.relative_to(root).as_posix())
    if special:
        return special
    if path.suffix == ".py":
        return "python"
    if path.suffix == ".json":
        return SCHEMA
    return JINJA


def owners(root: Path = REPO) -> dict[Path, str]:
    """Every source file that may hold messages, with its domain."""
    found: dict[Path, str] = {}
    for pattern, domain in RULES:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and "__pycache__" not in relative and relative not in _NOT_EXTRACTED:
                found.setdefault(path, domain)
    return found


def files_of(domain: str, root: Path = REPO) -> list[Path]:
    return sorted(path for path, owner in owners(root).items() if owner == domain)


def extract_schema(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for a JSON Schema: every `title` and `description`, as shown in the
    forms and the field reference (enum values are codes; their names are in `vocabulary`)."""
    schema = json.loads(fileobj.read().decode("utf-8"))
    texts: list[str] = []
    pending = [schema]
    while pending:
        node = pending.pop(0)
        if isinstance(node, dict):
            texts += [node[key] for key in ("title", "description") if isinstance(node.get(key), str)]
            pending.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            pending.extend(node)
    for text in dict.fromkeys(texts):
        yield 1, "", text, []


def extract_vocabulary(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for the names of codes: each with its field as context, as `label` looks
    it up (one English word may need two translations in two fields)."""
    from visits.i18n.vocabulary import NAMES

    if not fileobj.name.endswith("vocabulary.py"):
        return  # monitoring.py's names are the vocabulary's "observation" field
    for field, names in NAMES.items():
        for name in dict.fromkeys(names.values()):
            yield 1, "pgettext", (field, name), []


def stable_hints() -> list[str]:
    """The hints the checks give by code: visits.findings.HINTS and each rule module's HINTS."""
    import importlib
    import pkgutil

    import visits.rules
    from visits.findings import HINTS

    texts = list(HINTS.values())
    for info in pkgutil.iter_modules(visits.rules.__path__):
        module = importlib.import_module(f"visits.rules.{info.name}")
        texts += [text for text in getattr(module, "HINTS", {}).values() if isinstance(text, str)]
    return list(dict.fromkeys(texts))


def extract_findings(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """The templates marked in visits.i18n.findings, then the checks' stable hints."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in stable_hints():
        yield 1, "", text, []


def extract(domain: str, root: Path = REPO) -> Catalog:
    """The domain's template, freshly extracted from its files."""
    catalog = Catalog(project="visits", domain=domain, fuzzy=False, header_comment=f"# Messages of the {domain} area.")
    # a fixed date: a re-extraction that finds the same messages writes the same file
    catalog.creation_date = catalog.revision_date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for path in files_of(domain, root):
        method = method_of(path, root)
        options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"} if method == JINJA else {}
        relative = path.relative_to(root).as_posix()
        for _line, message, comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options, strip_comment_tags=True
        ):
            catalog.add(message, locations=[(relative, 0)], auto_comments=comments, context=context)
    return catalog


def template_path(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.pot"


def po_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=LOCALES[language] if language else None)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, omit_header=False, include_lineno=False, ignore_obsolete=True)


def write_template(domain: str, root: Path = REPO) -> Catalog:
    catalog = extract(domain, root)
    _write(template_path(domain), catalog)
    return catalog


def update(domain: str, languages: tuple[str, ...] = TRANSLATED) -> list[Path]:
    """Each language's `.po` in step with the template (created if missing), translations kept."""
    template = read(template_path(domain))
    written = []
    for language in languages:
        path = po_path(language, domain)
        catalog = read(path, language) if path.exists() else Catalog(locale=LOCALES[language], domain=domain)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        _write(path, catalog)
        written.append(path)
    return written


def key(message: Message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def messages(catalog: Catalog) -> dict[tuple[str, str | None], Message]:
    return {key(message): message for message in catalog if message.id}


_BRACES = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")
_PERCENT = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)[#0\- +]*\d*(?:\.\d+)?[sdifr]")


def placeholders(text: str) -> set[str]:
    """Named placeholders: `{name}` (str.format) and `%(name)s` (Jinja's newstyle gettext)."""
    return set(_BRACES.findall(text)) | {f"%({name})" for name in _PERCENT.findall(text)}


@dataclass(frozen=True)
class Problem:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def _format_problems(message: Message, where: str) -> list[Problem]:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    expected = set().union(*(placeholders(text) for text in ids))
    problems = []
    found: set[str] = set()
    for text in strings:
        try:  # a stray brace would make .format() raise when the message is shown
            list(string.Formatter().parse(text))
        except ValueError as exc:
            problems.append(Problem(where, f"{ids[0]!r}: msgstr {text!r} is not a valid format string ({exc})"))
        found |= placeholders(text)
        if not placeholders(text) <= expected:
            problems.append(Problem(where, f"{ids[0]!r}: msgstr {text!r} has placeholders the msgid lacks"))
    if found != expected and not problems:
        problems.append(Problem(where, f"{ids[0]!r}: placeholders {sorted(expected)} but translated {sorted(found)}"))
    return problems


def check(domains: tuple[str, ...] | None = None, root: Path = REPO) -> list[Problem]:
    """Every problem of the committed catalogues: stale templates, untranslated, fuzzy or obsolete
    entries, placeholders that differ; an empty list when all is well."""
    committed = sorted(path.stem for path in LOCALE_DIR.glob("*.pot"))
    problems = []
    for domain in domains or tuple(dict.fromkeys((*DOMAINS, *committed))):
        pot = template_path(domain)
        fresh = set(messages(extract(domain, root))) if domain in DOMAINS else set()
        if not pot.exists():
            if fresh:
                problems.append(Problem(str(pot), f"missing: {len(fresh)} messages are marked in the {domain} files"))
            continue
        wanted = set(messages(read(pot)))
        for gone in sorted(wanted - fresh, key=str):
            problems.append(Problem(pot.name, f"stale: {gone[0]!r} is no longer in the code (visits i18n extract)"))
        for new in sorted(fresh - wanted, key=str):
            problems.append(Problem(pot.name, f"stale: {new[0]!r} is not in the template (visits i18n extract)"))
        for language in TRANSLATED:
            problems += _check_po(po_path(language, domain), language, wanted)
    return problems


def _check_po(path: Path, language: str, wanted: set) -> list[Problem]:
    where = path.relative_to(LOCALE_DIR).as_posix()
    if not path.exists():
        return [Problem(where, "missing (visits i18n update)")]
    catalog = read(path, language)
    problems = [Problem(where, f"obsolete entry {key!r}") for key in catalog.obsolete]
    entries = messages(catalog)
    for missing in sorted(wanted - set(entries), key=str):
        problems.append(Problem(where, f"{missing[0]!r} is not in the catalogue (visits i18n update)"))
    for extra in sorted(set(entries) - wanted, key=str):
        problems.append(Problem(where, f"{extra[0]!r} is no longer in the template (visits i18n update)"))
    for message in entries.values():
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        if message.fuzzy:
            problems.append(Problem(where, f"{key(message)[0]!r} is fuzzy"))
        elif not all(strings):
            problems.append(Problem(where, f"{key(message)[0]!r} is not translated"))
        else:
            problems += _format_problems(message, where)
    return problems
