"""The internal site in Dutch, French and English: one MkDocs build per language.

Hand-written pages come from docs/internal/<lang>/, at the paths docs/pages.yml gives;
generated ones (dashboards, statistics, meeting packs, training matrix, field
reference) are written from the records in each language, at that language's
addresses, from what the records say gathered once (`Shared`). Every page carries its
counterparts' addresses for the language switcher (counterparts.py).

Every page of the map exists in every language (a missing one is an error, and
tests/test_site_languages.py fails on it before any build).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from visits.i18n import N_
from visits.schemas import SchemaSet
from visits.site import SiteError
from visits.site.counterparts import address, with_alternates
from visits.site.dashboards import Dashboards, gather, render
from visits.site.markdown import front_matter
from visits.site.matrix import matrix_page, training_modules
from visits.site.packs import pack_pages
from visits.site.pagemap import PageMap, load_page_map
from visits.site.reference import reference_pages
from visits.site.staging import ASSETS, Staging, base_config, site_config
from visits.site.text import text_of
from visits.stats import statistics_files
from visits.stats.measures import collect

SOURCES = Path("docs") / "internal"
OWN_ASSETS = SOURCES / "assets"
SHARED_ASSETS = Path("docs") / "public" / "assets"  # one visual identity for both sites
LANGUAGES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
HAND_WRITTEN, GENERATED = "internal", "internal-generated"  # sections of docs/pages.yml
SITE_NAME = N_("Detention visits programme, internal site")
# Navigation sections: English title, folder of the English site.
SECTIONS = (
    (N_("Dashboards"), "dashboards"),
    (N_("Statistics"), "statistics"),
    (N_("Meeting packs"), "packs"),
    (N_("Training"), "training"),
    (N_("Guide"), "guide"),
    (N_("Field reference"), "reference"),
)
TABS = "navigation.tabs"
_LINK = re.compile(r"\]\(([^)#\s]+\.md)")
# A task list's item ("- [ ] text") becomes a list item opening with a ballot box: the theme
# draws a task list as disabled checkboxes with no label, which screen readers announce as
# unlabelled form fields (axe: "Form elements must have labels"); a volunteer ticks them on paper.
_TASK = re.compile(r"^(\s*[-*+] )\[([ xX])\] ", re.MULTILINE)
_FENCE = re.compile(r"^(\s*)(```|~~~).*?^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)


def checklists(text: str) -> str:
    """Task list items as ballot boxes, outside fenced code."""
    parts, last = [], 0
    for fence in _FENCE.finditer(text):
        parts += [_boxes(text[last : fence.start()]), fence.group()]
        last = fence.end()
    return "".join([*parts, _boxes(text[last:])])


def _boxes(text: str) -> str:
    return _TASK.sub(lambda m: m.group(1) + ("☐ " if m.group(2) == " " else "☑ "), text)


@dataclass
class Shared:
    """What every language's pages are written from, found once."""

    corpus: object
    config: dict
    today: dt.date
    facts: object
    dashboards: Dashboards
    schemas: dict


class Places:
    """Where a page of the English site is in one language's site."""

    def __init__(self, pagemap: PageMap, language: str):
        self.language = language
        self.map = {**pagemap.pages(HAND_WRITTEN), **pagemap.pages(GENERATED)}

    def folder(self, folder: str) -> str:
        index = self.map.get(f"{folder}/index")
        return PurePosixPath(index[self.language]).parent.as_posix() if index else folder

    def page(self, english: str) -> str | None:
        """The docs-relative path in this language of `english` (a docs-relative path)."""
        stem = english.removesuffix(".md")
        if english.endswith(".md") and stem in self.map:
            return f"{self.map[stem][self.language]}.md"
        folder, _, rest = english.partition("/")
        if rest and f"{folder}/index" in self.map:
            return f"{self.folder(folder)}/{rest}"
        return None


def stage_internal(root: Path, corpus, config: dict, today: dt.date, facts=None):
    """Stage every language; returns language -> (its mkdocs.yml, home page title)."""
    base = base_config(root)
    pagemap = load_page_map(root)
    if not (root / SOURCES / "en" / "index.md").is_file():
        raise SiteError(f"{(SOURCES / 'en' / 'index.md').as_posix()} is missing: it is the internal home page")
    shared = Shared(
        corpus,
        config,
        today,
        facts or collect(corpus, config, today),  # the statistics' figures, shared with the packs
        gather(corpus, today, config, facts),
        SchemaSet.load(root).schemas,
    )
    places = {language: Places(pagemap, language) for language in LANGUAGES}
    return {language: _stage_language(root, base, pagemap, places, language, shared) for language in LANGUAGES}


def _stage_language(root, base, pagemap, places, language, shared: Shared) -> tuple[Path, str]:
    here = places[language]
    text = text_of(language)
    staging = Staging(root, f"internal-{language}")
    staging.copy_tree(root / SOURCES / language, "", ASSETS)
    staging.copy_tree(root / SHARED_ASSETS, "assets", ASSETS)
    staging.copy_tree(root / OWN_ASSETS, "assets", ASSETS)

    def counterparts(english: str) -> dict[str, str]:
        return {code: address(code, places[code].page(english) or "index.md") for code in LANGUAGES}

    _hand_written(root, staging, pagemap, language, counterparts)
    training = here.folder("training")
    modules = training_modules(staging.docs / training, (SOURCES / language / training).as_posix())
    s = shared
    generated = {
        "dashboards": render(
            s.dashboards,
            s.corpus,
            text,
            lambda name: (here.page(f"dashboards/{name}") or name).removeprefix(here.folder("dashboards") + "/"),
        ),
        "statistics": _statistics(s, language),
        "packs": pack_pages(s.corpus, s.config, s.today, s.facts, text),
        "training": {"matrix.md": matrix_page(s.corpus, modules, s.today, text)},
        "reference": reference_pages(s.schemas, text),
    }
    order: dict[str, list[str]] = {}
    for folder, files in generated.items():
        localized = here.folder(folder)
        for relpath, content in files.items():
            english = f"{folder}/{relpath}"
            target = here.page(english) or f"{localized}/{relpath}"
            if target.endswith(".md"):
                content = with_alternates(content, counterparts(english), f"generated page {target}")
                if folder != "training":
                    order.setdefault(localized, []).append(target.removeprefix(localized + "/"))
            staging.write(target, content)
    t = text.t
    settings = site_config(
        base,
        site_name=t.gettext(SITE_NAME),
        language=language,
        nav=_nav(staging, [(t.gettext(title), here.folder(folder)) for title, folder in SECTIONS], order, t),
        alternate=[{"name": name, "link": f"../{code}/index.html", "lang": code} for code, name in LANGUAGES.items()],
    )
    features = settings["theme"].setdefault("features", [])
    features += [] if TABS in features else [TABS]  # one tab per section
    own_styles = sorted(path.relative_to(staging.docs).as_posix() for path in (staging.docs / "assets").glob("*.css"))
    settings["extra_css"] = list(dict.fromkeys(settings.get("extra_css", []) + own_styles))
    home = front_matter((staging.docs / "index.md").read_text(encoding="utf-8"), "index.md")[0].get("title")
    return staging.write_config(settings), str(home or t.gettext(SITE_NAME))


def _statistics(shared: Shared, language: str) -> dict[str, str]:
    # in the page's language once visits.stats takes one (interface 2)
    extra = {"language": language} if "language" in inspect.signature(statistics_files).parameters else {}
    return statistics_files(shared.corpus, shared.config, shared.today, shared.facts, **extra)


def _hand_written(root, staging, pagemap, language: str, counterparts) -> None:
    """The language's pages, each with its counterparts; a page of the map missing in this
    language is an error."""
    source = SOURCES / language
    mapped = {}
    for page_id, paths in pagemap.pages(HAND_WRITTEN).items():
        mapped[f"{paths[language]}.md"] = f"{page_id}.md"
    for path in sorted((root / source).rglob("*.md")):
        relpath = path.relative_to(root / source).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(relpath).parts):
            continue
        content = checklists(path.read_text(encoding="utf-8"))
        file = (source / relpath).as_posix()
        if relpath in mapped:
            content = with_alternates(content, counterparts(mapped[relpath]), file)
        staging.write(relpath, content)
    for relpath, english in mapped.items():
        if not (root / source / relpath).is_file():
            raise SiteError(
                f"{(source / relpath).as_posix()} is missing: docs/pages.yml gives it as the "
                f"{LANGUAGES[language]} page of '{english.removesuffix('.md')}', and the internal site "
                f"has every page in {', '.join(LANGUAGES)}"
            )


def _nav(staging: Staging, sections: list[tuple[str, str]], generated: dict[str, list[str]], t) -> list:
    nav: list[dict[str, str | list[str]]] = [{t.gettext("Home"): "index.md"}]
    for title, folder in sections:
        # generators list their pages in reading order; the matrix is only an addition
        pages = _section(staging, folder, generated.get(folder, []))
        if pages:
            nav.append({title: pages})
    listed = {
        page
        for section in nav
        for entry in section.values()
        for page in (entry if isinstance(entry, list) else [entry])
    }
    return nav + sorted(set(staging.pages()) - listed)  # any other hand-written page


def _section(staging: Staging, folder: str, order: list[str]) -> list[str]:
    """A section's pages: index first, then as ordered (by the generator, or else by the
    order of the index page's links), then the rest by name."""
    pages = staging.pages(folder)
    index = f"{folder}/index.md"
    if not order and index in pages:
        text = (staging.docs / index).read_text(encoding="utf-8")
        order = [str(PurePosixPath(target)) for target in _LINK.findall(text)]
    ranked = [index] + [f"{folder}/{name}" for name in order] + pages
    return [page for page in dict.fromkeys(ranked) if page in pages]
