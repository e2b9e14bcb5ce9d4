"""`visits site` end to end: the real `mkdocs build --strict` on staged folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from visits.layout import KINDS
from visits.site.pagemap import load_page_map

from conftest import REPO, run_visits
from sitefixtures import Html, build, site_repository, text_of

LANGUAGES = ("nl", "fr", "en")


def addresses(section: str, language: str) -> dict[str, str]:
    """Page id -> its file in `language`'s site, from docs/pages.yml (the id is the English path)."""
    pages = load_page_map(REPO).pages(section)
    return {page: f"{page if language == 'en' else paths[language]}.html" for page, paths in pages.items()}


def head_links(page: Path) -> dict[str, str]:
    """The head's links to the page in other languages: language -> address."""
    tags = Html(text_of(page)).tags
    return {
        attrs["hreflang"]: attrs["href"] for tag, attrs in tags if tag == "link" and attrs.get("rel") == "alternate"
    }


def switcher(page: Path) -> dict[str, str]:
    """The language selector's links on a built page: language -> address."""
    links = [
        attrs for tag, attrs in Html(text_of(page)).tags if tag == "a" and "md-select__link" in attrs.get("class", "")
    ]
    return {attrs["hreflang"]: attrs["href"] for attrs in links}


@pytest.mark.slow
def test_the_main_command_builds_both_sites_strictly_without_warnings(example_sites):
    assert example_sites.code == 0, example_sites.err_text
    assert example_sites.err_text.count("Documentation built") == 6  # two sites in nl, fr and en
    assert not [line for line in example_sites.err_text.splitlines() if "WARNING" in line]
    assert "built the public site" in example_sites.out_text
    assert "built the internal site" in example_sites.out_text
    for site in ("public", "internal"):
        for language in LANGUAGES:
            staged = example_sites.root / "build" / "site" / f"{site}-{language}" / "mkdocs.yml"
            assert "strict: true" in staged.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("site", ["public", "internal"])
def test_each_site_has_each_language_and_a_page_to_choose_one(example_sites, site):
    folder = example_sites.out / site
    chooser = Html(text_of(folder / "index.html"))
    links = [attrs["href"] for tag, attrs in chooser.tags if tag == "a"]
    assert links == [f"{language}/index.html" for language in LANGUAGES]  # file addresses, not folders
    for language in LANGUAGES:
        home = text_of(folder / language / "index.html")
        assert f'<html lang="{language}"' in home
        assert (folder / language / "search" / "search_index.json").is_file()  # a search index per language


@pytest.mark.slow
@pytest.mark.parametrize("site", ["public", "internal"])
def test_every_page_is_at_its_languages_address_and_switches_to_the_same_page(example_sites, site):
    folder = example_sites.out / site
    sections = (site, "internal-generated") if site == "internal" else (site,)
    pages = {
        language: {k: v for section in sections for k, v in addresses(section, language).items()}
        for language in LANGUAGES
    }
    for language in LANGUAGES:
        for page, address in pages[language].items():
            built = folder / language / address
            assert built.is_file(), (language, page)
            up = "../" * address.count("/")  # from the page back to the folder of the languages
            expected = {other: f"{up}../{other}/{pages[other][page]}" for other in LANGUAGES}
            assert switcher(built) == expected, (language, page)
            assert head_links(built) == expected, (language, page)


@pytest.mark.slow
def test_addresses_are_in_the_pages_language(example_sites):
    public, internal = example_sites.public, example_sites.internal
    for path in (
        public / "nl" / "vriendschappelijk-bezoeker.html",
        public / "nl" / "veelgestelde-vragen.html",
        public / "fr" / "visiteur-amical.html",
        public / "fr" / "questions-frequentes.html",
        public / "en" / "friendly-visitor.html",
        internal / "nl" / "opleiding" / "actief-luisteren.html",
        internal / "fr" / "formation" / "ecoute-active.html",
        internal / "en" / "training" / "active-listening.html",
    ):
        assert path.is_file(), path
    assert not (public / "nl" / "faq.html").exists() and not (internal / "fr" / "training").exists()


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_site_shows_the_contact_from_the_settings(example_sites, language):
    apply_page = text_of(example_sites.public / language / addresses("public", language)["apply"])
    assert 'href="mailto:vrijwilligers@example.org"' in apply_page  # from visits.yml
    assert "Hanne Verbeke" in apply_page
    text = "".join(text_of(path) for path in (example_sites.public / language).rglob("*.html"))
    assert "{{" not in text and "contact.email" not in text


# The generated sections in each language (docs/pages.yml's internal-generated section),
# with a meeting pack and a field reference page for every kind of record.
@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_internal_site_has_its_generated_sections(example_sites, language):
    internal = example_sites.internal / language
    generated = addresses("internal-generated", language)
    assert set(generated) >= {
        "dashboards/index",
        "dashboards/safeguarding",
        "dashboards/follow-up",
        "dashboards/assignments",
        "dashboards/overdue",
        "dashboards/evaluations",
        "dashboards/recruitment",
        "statistics/index",
        "packs/index",
        "reference/index",
        "training/matrix",
    }
    for page, address in generated.items():
        assert (internal / address).is_file(), (language, page)
    packs = Path(generated["packs/index"]).parent
    reference = Path(generated["reference/index"]).parent
    for page in (packs / "2026-Q4.html", packs / "2026-Q1.html", *[reference / f"{kind}.html" for kind in KINDS]):
        assert (internal / page).is_file(), page
    assert not (internal / packs / "2025-Q4.html").exists()  # the last year's four meetings only
    statistics = internal / Path(generated["statistics/index"]).parent
    assert list(statistics.rglob("*.svg")) and list(internal.rglob("*.csv"))
    home = text_of(internal / "index.html")
    for page in ("dashboards/index", "statistics/index", "training/index", "guide/index", "reference/index"):
        address = {**generated, **addresses("internal", language)}[page]
        assert f'href="{address}"' in home, (language, page)


@pytest.mark.slow
def test_the_public_site_builds_before_any_record_and_escapes_the_contact(tmp_path):
    root = site_repository(tmp_path / "repo")
    shutil.rmtree(root / "records")
    (root / "records").mkdir()  # a programme starting out: no report yet, the pages all the same
    settings = (root / "visits.yml").read_text(encoding="utf-8")
    (root / "visits.yml").write_text(settings.replace("Hanne Verbeke", '"Hanne <b>V</b> & [Co]*"'), encoding="utf-8")
    built = build(root, "public")
    assert built.code == 0, built.err_text
    apply_page = Html(text_of(built.public / "fr" / "postuler.html"))
    assert "Hanne <b>V</b> & [Co]*" in apply_page.text  # shown as written, not as markup
    assert "b" not in [tag for tag, _ in apply_page.tags]
    assert not (built.out / "internal").exists()
    assert not (built.public / "fr" / "rapport").exists()  # no year with visits, no report


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    root = site_repository(tmp_path / "repo")
    assert build(root, "public").code == 0
    before = {path: path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()}
    faq = root / "docs" / "public" / "fr" / "questions-frequentes.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n[perdu](no-such-page.md)\n", encoding="utf-8")
    failed = build(root, "public")
    assert failed.code == 1
    assert "public (fr)" in failed.err_text and "no-such-page.md" in failed.err_text
    after = {path: path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()}
    assert after == before
    assert [path.name for path in (root / "site").iterdir()] == ["public"]  # no temporary folder left


def test_records_with_errors_stop_the_build_before_anything_is_written(tmp_path):
    root = site_repository(tmp_path / "repo")
    volunteer = next((root / "records" / "volunteers").glob("*.yaml"))
    volunteer.write_text(volunteer.read_text(encoding="utf-8").replace("role: ", "role: visitor-"), encoding="utf-8")
    result = run_visits("site", root=root)
    assert result.code == 1
    assert "invalid-value" in result.err + result.out
    assert not (root / "site").exists() and not (root / "build").exists()


def test_an_output_folder_not_built_by_visits_site_is_left_alone(tmp_path):
    root = site_repository(tmp_path / "repo")
    (root / "site" / "public").mkdir(parents=True)
    (root / "site" / "public" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_visits("site", "public", root=root)
    assert result.code == 2 and "was not built by" in result.err
    assert (root / "site" / "public" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_contact_email_that_is_not_an_address_is_a_configuration_error(tmp_path):
    root = site_repository(tmp_path / "repo")
    settings = (root / "visits.yml").read_text(encoding="utf-8")
    (root / "visits.yml").write_text(
        settings.replace("vrijwilligers@example.org", '"x) [y](javascript:z)"'), encoding="utf-8"
    )
    result = run_visits("site", "public", root=root)
    assert result.code == 2 and "public.contact.email" in result.err
    assert not (root / "site").exists()


def test_the_output_may_not_be_the_staging_folder(tmp_path):
    root = site_repository(tmp_path / "repo")
    result = run_visits("site", "public", "--out", str(root / "build" / "site"), root=root)
    assert result.code == 2 and "staging folder" in result.err
