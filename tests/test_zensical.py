"""The staged sites build with Zensical too, which reads mkdocs.yml but runs no MkDocs plugins."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from sitefixtures import COUNTERPARTS

ZENSICAL = shutil.which("zensical")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        ZENSICAL is None and not os.environ.get("CI"), reason="zensical is not installed (pip install -e '.[test]')"
    ),
]

LANGUAGES = ("nl", "fr", "en")
# A few pages of each staged site, and a deep page whose language switcher must lead to the
# same page in the other languages (docs/overrides/partials/alternate.html, no plugin).
PAGES = {
    "public": {
        "nl": ["index.html", "vriendschappelijk-bezoeker.html", "aanmelden.html", "rapport/2025/index.html"],
        "fr": ["index.html", "visiteur-amical.html", "postuler.html", "rapport/2025/index.html"],
        "en": ["index.html", "accredited-visitor.html", "apply.html", "report/2025/index.html"],
    },
    "internal": {
        "nl": ["index.html", "dashboards/index.html", "statistieken/index.html", "opleiding/matrix.html"],
        "fr": ["index.html", "tableaux-de-bord/index.html", "statistiques/index.html", "formation/matrice.html"],
        "en": ["index.html", "dashboards/index.html", "statistics/index.html", "training/matrix.html"],
    },
}
SELECTOR = re.compile(r'<a href="([^"]+)" hreflang="([a-z]{2})" lang="[a-z]{2}" class="md-select__link">')


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("site", sorted(PAGES))
def test_zensical_builds_every_staged_site_strictly(example_sites, tmp_path, site, language):
    assert ZENSICAL, "zensical must be installed in CI"
    staged = tmp_path / site
    shutil.copytree(example_sites.root / "build" / "site" / f"{site}-{language}", staged)
    done = subprocess.run(
        [ZENSICAL, "build", "--strict", "-f", "mkdocs.yml"], cwd=staged, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    built = staged / "site"
    for page in PAGES[site][language]:
        assert (built / page).is_file(), page
    assert f'lang="{language}"' in (built / "index.html").read_text(encoding="utf-8")
    deep = COUNTERPARTS[site][language]
    up = "../" * (deep.count("/") + 1)
    links = dict((lang, href) for href, lang in SELECTOR.findall((built / f"{deep}.html").read_text(encoding="utf-8")))
    assert links == {other: f"{up}{other}/{COUNTERPARTS[site][other]}.html" for other in LANGUAGES}
    if site == "internal":
        statistics = built / PAGES[site][language][2]
        assert "<svg" in statistics.read_text(encoding="utf-8") or any(statistics.parent.rglob("*.svg"))
