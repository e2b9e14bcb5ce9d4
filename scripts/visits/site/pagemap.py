"""The page map, docs/pages.yml: which pages are the same page in each language.

One place says where a page lives in every language; the language switcher, the
links of a page standing in for a missing translation and the "same pages in every
language" test all read it through `load_page_map`. A page's id is its path in the
English sources without `.md`; the English path is the id itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from visits.site import SiteError
from visits.yamlstrict import YamlRejected, load_bytes

FILE = "docs/pages.yml"
LANGUAGES = ("nl", "fr", "en")
TRANSLATED = ("nl", "fr")  # the languages the map gives paths for; English paths are the ids
SECTIONS = ("public", "internal", "internal-generated")
_PATH = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\Z")


class PageMapError(SiteError):
    def __init__(self, line: int, message: str):
        super().__init__(f"{FILE}:{line}: {message}")
        self.line = line


@dataclass(frozen=True)
class PageMap:
    # section -> page id -> language -> path without .md (English: the id)
    sections: dict[str, dict[str, dict[str, str]]]

    def pages(self, section: str) -> dict[str, dict[str, str]]:
        return self.sections[section]

    def path(self, section: str, page_id: str, language: str) -> str:
        return self.sections[section][page_id][language]

    def ids_by_path(self, sections: tuple[str, ...], language: str) -> dict[str, str]:
        """path in `language` -> page id, over the given sections."""
        return {paths[language]: page_id for s in sections for page_id, paths in self.sections[s].items()}


def load_page_map(root: Path) -> PageMap:
    """Read and check docs/pages.yml; a bad entry is a PageMapError naming its line."""
    path = root / FILE
    if not path.is_file():
        raise SiteError(f"{FILE} is missing: it says where each page lives in each language")
    try:
        document = load_bytes(path.read_bytes(), FILE)
    except YamlRejected as exc:
        raise PageMapError(exc.finding.line, exc.finding.message) from None
    data = document.data
    if not isinstance(data, dict):
        raise PageMapError(1, f"expected the sections {', '.join(SECTIONS)}, each a set of 'id: {{nl: …, fr: …}}'")
    for name in data:
        if name not in SECTIONS:
            raise PageMapError(document.locate((name,))[0], f"unknown section '{name}'; use {', '.join(SECTIONS)}")
    sections: dict[str, dict[str, dict[str, str]]] = {}
    for section in SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, dict):
            line = document.locate((section,))[0] if section in data else 1
            raise PageMapError(line, f"section '{section}' must be a set of 'id: {{nl: …, fr: …}}' entries")
        sections[section] = {page_id: _entry(document, section, page_id, paths) for page_id, paths in entries.items()}
        _check_unique(document, section, sections[section])
    return PageMap(sections)


def _entry(document, section: str, page_id: str, paths) -> dict[str, str]:
    line = document.locate((section, page_id))[0]
    if not _PATH.match(page_id):
        raise PageMapError(line, f"'{page_id}' is not a page id (lower-case words and hyphens, folders with '/')")
    if not isinstance(paths, dict) or set(paths) != set(TRANSLATED):
        raise PageMapError(line, f"'{page_id}' needs exactly its Dutch and French paths: {{nl: …, fr: …}}")
    result = {"en": page_id}
    for language in TRANSLATED:
        value = paths[language]
        where = document.locate((section, page_id, language))[0]
        if not isinstance(value, str) or not _PATH.match(value):
            raise PageMapError(
                where, f"'{page_id}': the {language} path {value!r} is not a path without .md (e.g. gids/onkosten)"
            )
        if PurePosixPath(value).name == "index" and PurePosixPath(page_id).name != "index":
            raise PageMapError(where, f"'{page_id}': only an index page may have an index page as counterpart")
        result[language] = value
    return result


def _check_unique(document, section: str, entries: dict[str, dict[str, str]]) -> None:
    for language in TRANSLATED:
        seen: dict[str, str] = {}
        for page_id, paths in entries.items():
            other = seen.setdefault(paths[language], page_id)
            if other != page_id:
                raise PageMapError(
                    document.locate((section, page_id, language))[0],
                    f"'{page_id}' and '{other}' have the same {language} path '{paths[language]}'",
                )
