"""`visits site` end to end: the real `mkdocs build --strict` on staged folders."""

from __future__ import annotations

import shutil

import pytest

from visits.layout import KINDS

from conftest import run_visits
from sitefixtures import Html, build, site_repository, text_of

LANGUAGES = ("nl", "fr", "en")


@pytest.mark.slow
def test_the_main_command_builds_both_sites_strictly_without_warnings(example_sites):
    assert example_sites.code == 0, example_sites.err_text
    assert example_sites.err_text.count("Documentation built") == 4  # nl, fr, en, internal
    assert not [line for line in example_sites.err_text.splitlines() if "WARNING" in line]
    assert "built the public site" in example_sites.out_text
    assert "built the internal site" in example_sites.out_text
    staged = example_sites.root / "build" / "site" / "internal" / "mkdocs.yml"
    assert "strict: true" in staged.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_public_site_has_each_language_and_a_page_to_choose_one(example_sites):
    chooser = text_of(example_sites.public / "index.html")
    for language in LANGUAGES:
        assert f'href="{language}/index.html"' in chooser  # a file address, not a folder
        home = text_of(example_sites.public / language / "index.html")
        assert f'<html lang="{language}"' in home
        assert all(f'href="../{other}/index.html"' in home for other in LANGUAGES)  # the language selector
        for page in ("friendly-visitor", "accredited-visitor", "centres", "apply", "faq"):
            assert (example_sites.public / language / f"{page}.html").is_file()
        apply_page = text_of(example_sites.public / language / "apply.html")
        assert 'href="mailto:vrijwilligers@example.org"' in apply_page  # from visits.yml
        assert "Hanne Verbeke" in apply_page
    public_text = "".join(text_of(path) for path in example_sites.public.rglob("*.html"))
    assert "{{" not in public_text and "contact.email" not in public_text


@pytest.mark.slow
def test_the_internal_site_has_its_generated_sections(example_sites):
    internal = example_sites.internal
    for page in (
        "dashboards/index",
        "dashboards/assignments",
        "dashboards/overdue",
        "dashboards/follow-up",
        "dashboards/safeguarding",
        "dashboards/evaluations",
        "dashboards/recruitment",
        "training/matrix",
        "guide/index",
        "statistics/index",
        "reference/index",
        "packs/index",
        "packs/2026-Q4",
        "packs/2026-Q1",
        *[f"reference/{kind}" for kind in KINDS],
    ):
        assert (internal / f"{page}.html").is_file(), page
    assert not (internal / "packs" / "2025-Q4.html").exists()  # the last year's four meetings only
    assert list(internal.joinpath("statistics").rglob("*.svg")) and list(internal.rglob("*.csv"))
    home = text_of(internal / "index.html")
    for section in ("dashboards/", "statistics/", "training/", "guide/", "reference/"):
        assert f'href="{section}index.html"' in home


@pytest.mark.slow
def test_the_public_site_builds_without_any_records_and_escapes_the_contact(tmp_path):
    root = site_repository(tmp_path / "repo")
    shutil.rmtree(root / "records")  # the public site must not need them
    settings = (root / "visits.yml").read_text(encoding="utf-8")
    (root / "visits.yml").write_text(settings.replace("Hanne Verbeke", '"Hanne <b>V</b> & [Co]*"'), encoding="utf-8")
    built = build(root, "public")
    assert built.code == 0, built.err_text
    apply_page = Html(text_of(built.public / "en" / "apply.html"))
    assert "Hanne <b>V</b> & [Co]*" in apply_page.text  # shown as written, not as markup
    assert "b" not in [tag for tag, _ in apply_page.tags]
    assert not (built.out / "internal").exists()


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    root = site_repository(tmp_path / "repo")
    assert build(root, "public").code == 0
    before = {path: path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()}
    faq = root / "docs" / "public" / "fr" / "faq.md"
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
