"""The internal site: hand-written guide and training pages, and pages generated from records.

Generated here: the training matrix, the field reference, the dashboards, the
statistics and the quarterly meeting packs. All are plain Markdown, SVG and CSV files in the staging folder.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

from visits.schemas import SchemaSet
from visits.site import SiteError
from visits.site.dashboards import dashboard_pages
from visits.site.matrix import matrix_page, training_modules
from visits.site.packs import pack_pages
from visits.site.reference import reference_pages
from visits.site.staging import ASSETS, Staging, base_config, site_config
from visits.stats import statistics_files
from visits.stats.measures import collect

SOURCE = Path("docs") / "internal" / "en"
OWN_ASSETS = Path("docs") / "internal" / "assets"
SHARED_ASSETS = Path("docs") / "public" / "assets"  # one visual identity for both sites
TABS = "navigation.tabs"
_LINK = re.compile(r"\]\(([^)#\s]+\.md)")


def stage_internal(root: Path, corpus, config: dict, today: dt.date) -> Path:
    """Stage the internal site; returns the path of its generated mkdocs.yml."""
    base = base_config(root)
    if not (root / SOURCE / "index.md").is_file():
        raise SiteError(f"{(SOURCE / 'index.md').as_posix()} is missing: it is the internal home page")
    staging = Staging(root, "internal")
    staging.copy_tree(root / SOURCE)
    staging.copy_tree(root / SHARED_ASSETS, "assets", ASSETS)
    staging.copy_tree(root / OWN_ASSETS, "assets", ASSETS)
    modules = training_modules(root / SOURCE / "training", (SOURCE / "training").as_posix())
    facts = collect(corpus, config, today)  # the statistics' figures, shared with the packs
    generated = {
        "dashboards": dashboard_pages(corpus, today, config),
        "statistics": statistics_files(corpus, config, today, facts),
        "packs": pack_pages(corpus, config, today, facts),
        "training": {"matrix.md": matrix_page(corpus, modules, today)},
        "reference": reference_pages(SchemaSet.load(root).schemas),
    }
    for folder, files in generated.items():
        for relpath, text in files.items():
            staging.write(f"{folder}/{relpath}", text)
    settings = site_config(
        base, site_name=base.get("site_name", "Internal site"), language="en", nav=_nav(staging, generated)
    )
    features = settings["theme"].setdefault("features", [])
    features += [] if TABS in features else [TABS]  # one tab per section
    own_styles = sorted(path.relative_to(staging.docs).as_posix() for path in (staging.docs / "assets").glob("*.css"))
    settings["extra_css"] = list(dict.fromkeys(settings.get("extra_css", []) + own_styles))
    return staging.write_config(settings)


def _nav(staging: Staging, generated: dict[str, dict]) -> list:
    nav: list[dict[str, str | list[str]]] = [{"Home": "index.md"}]
    for title, folder in (
        ("Dashboards", "dashboards"),
        ("Statistics", "statistics"),
        ("Meeting packs", "packs"),
        ("Training", "training"),
        ("Guide", "guide"),
        ("Field reference", "reference"),
    ):
        # generators list their pages in reading order; the matrix is only an addition
        order = list(generated.get(folder, {})) if folder != "training" else []
        pages = _section(staging, folder, order)
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
