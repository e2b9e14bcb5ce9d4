"""The staged sites build with Zensical too, which reads mkdocs.yml but runs no MkDocs plugins."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

ZENSICAL = shutil.which("zensical")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        ZENSICAL is None and not os.environ.get("CI"), reason="zensical is not installed (pip install -e '.[test]')"
    ),
]

PAGES = {
    "public-nl": ["index.html", "friendly-visitor.html", "apply.html"],
    "public-en": ["index.html", "accredited-visitor.html", "faq.html"],
    "internal": [
        "index.html",
        "dashboards/index.html",
        "statistics/index.html",
        "training/matrix.html",
        "reference/index.html",
    ],
}


@pytest.mark.parametrize("site", sorted(PAGES))
def test_zensical_builds_the_staged_tree_strictly(example_sites, tmp_path, site):
    assert ZENSICAL, "zensical must be installed in CI"
    staged = tmp_path / site
    shutil.copytree(example_sites.root / "build" / "site" / site, staged)
    done = subprocess.run(
        [ZENSICAL, "build", "--strict", "-f", "mkdocs.yml"], cwd=staged, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for page in PAGES[site]:
        assert (staged / "site" / page).is_file(), page
    if site.startswith("public-"):
        assert f'lang="{site[-2:]}"' in (staged / "site" / "index.html").read_text(encoding="utf-8")
    else:
        assert "<svg" in (staged / "site" / "statistics" / "index.html").read_text(encoding="utf-8") or any(
            (staged / "site" / "statistics").rglob("*.svg")
        )
