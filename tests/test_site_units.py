"""The site's generation steps on small hand-made inputs: no MkDocs run here."""

from __future__ import annotations

import copy
import datetime as dt
import html
import os

import markdown
import pytest

from visits.cli import UsageError
from visits.config import DEFAULTS, ConfigError
from visits.records import Corpus, FileResult
from visits.site import SiteError
from visits.site.dashboards import dashboard_pages
from visits.site.internal import checklists
from visits.site.markdown import escape, table
from visits.site.matrix import INDUCTION, add_months, matrix_page, requirements, training_modules
from visits.site.output import MARKER, check_replaceable, swap_in, temporary_beside
from visits.site.public import contact, render
from visits.site.staging import Staging, base_config
from visits.site.text import text_of

from conftest import REPO, TODAY
from sitefixtures import Html

PAYLOADS = [
    "<script>alert(1)</script>",
    '" onerror="alert(1)',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "![x](https://example.com/x.png)",
    '{ onclick="alert(1)" }',
    "**bold** _it_ `code` ~~s~~ ==m== :smile: $x$ # h",
    "a | b \\| c",
    "line one\nline two",
    "&amp; &lt;b&gt; &#60;",
]


def render_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "admonition", "md_in_html"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_renders_literally_in_a_table_cell(payload):
    source = table(["Name", "Other"], [[payload, "x"]])
    rendered = Html(render_markdown(source))
    assert [tag for tag, _ in rendered.tags] == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]
    assert all(attrs == {} for _, attrs in rendered.tags)
    assert " ".join(payload.split()) in rendered.text  # shown as typed, on one line


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_renders_literally_in_a_heading(payload):
    rendered = Html(render_markdown(f"## {escape(payload)}"))
    assert [tag for tag, _ in rendered.tags] == ["h2"]
    assert rendered.text == " ".join(payload.split())


# --- small corpora -----------------------------------------------------------------------


def corpus_of(*records: tuple[str, dict]) -> Corpus:
    return Corpus(REPO, [FileResult(f"records/{kind}/{data['id']}.yaml", kind, data, []) for kind, data in records])


def volunteer(volunteer_id, role="friendly", centres=("bruges",), status="active", start="2026-09-01"):
    return (
        "volunteer",
        {
            "id": volunteer_id,
            "display_name": volunteer_id.title(),
            "role": role,
            "centres": list(centres),
            "status": status,
            "start_date": start,
        },
    )


def training(module, day, attendees, centre=None, trainer="Trainer"):
    data = {"id": f"{day}-{module}", "module": module, "date": day, "trainer": trainer, "attendees": list(attendees)}
    if centre:
        data["centre"] = centre
    return ("training", data)


CENTRE = (
    "centre",
    {"id": "bruges", "name": {"nl": "Brugge", "fr": "Bruges", "en": "Bruges centre"}, "city": "Brugge", "active": True},
)


@pytest.fixture(scope="module")
def modules():
    return training_modules(REPO / "docs" / "internal" / "en" / "training", "docs/internal/en/training")


def test_required_modules_come_from_the_training_pages(modules):
    def needed(role):
        return {
            (need.module, need.centre)
            for need in requirements(modules, {"role": role, "centres": ["bruges", "vottem"]})
        }

    common = {
        ("active-listening", None),
        ("intercultural-communication", None),
        ("trauma", None),
        (INDUCTION, "bruges"),
        (INDUCTION, "vottem"),
    }
    assert needed("friendly") == common
    assert needed("accredited") == common | {("immigration-law", None)}


# The matrix in each language: its own training pages, role names, dates and words.
MATRIX_WORDS = {
    "en": {
        "folder": "training",
        "count": "1 of 2 volunteers still miss at least one required module.",
        "missing": ("## Still missing a module", "## All volunteers", "## Training sessions"),
        "bob": "| Bob | Accredited visitor | Immigration and detention law | ends 1 Dec 2026 (9 days left) |",
        "ann": "| Ann | Friendly visitor | 1 Sept 2026 |",
        "done": "✓ done",
        "role": "- **Friendly visitor:** Active listening,",
    },
    "nl": {
        "folder": "opleiding",
        "count": "Vrijwilligers die nog minstens één vereiste module missen: 1 van 2.",
        "missing": ("## Nog een module te volgen", "## Alle vrijwilligers", "## Opleidingssessies"),
        "bob": "| Bob | Erkend bezoeker | Vreemdelingen- en detentierecht | loopt af op 1 dec 2026 (nog 9 dagen) |",
        "ann": "| Ann | Vriendschappelijk bezoeker | 1 sep 2026 |",
        "done": "✓ gevolgd",
        "role": "- **Vriendschappelijk bezoeker:** Actief luisteren,",
    },
    "fr": {
        "folder": "formation",
        "count": "Volontaires qui doivent encore suivre au moins un module requis\u202f: 1 sur 2.",
        "missing": ("## Encore un module à suivre", "## Tous les volontaires", "## Séances de formation"),
        "bob": "| Bob | Visiteur accrédité | Droit des étrangers et de la détention "
        "| se terminent le 1 déc. 2026 (encore 9 jours) |",
        "ann": "| Ann | Visiteur amical | 1 sept. 2026 |",
        "done": "✓ suivi",
        "role": "- **Visiteur amical\u202f:** La communication interculturelle,",  # narrow no-break space
    },
}


@pytest.mark.parametrize("language", MATRIX_WORDS)
def test_matrix_marks_what_each_volunteer_still_misses(language):
    words = MATRIX_WORDS[language]
    folder = REPO / "docs" / "internal" / language / words["folder"]
    modules = training_modules(folder, f"docs/internal/{language}/{words['folder']}")
    corpus = corpus_of(
        CENTRE,
        volunteer("ann"),
        volunteer("bob", role="accredited"),
        volunteer("cas", status="left"),
        training("active-listening", "2026-09-10", ["ann", "bob", "cas"]),
        training("intercultural-communication", "2026-09-11", ["ann", "bob"]),
        training("trauma", "2026-09-12", ["ann", "bob"]),
        training(INDUCTION, "2026-09-13", ["ann", "bob"], centre="bruges"),
        training("immigration-law", "2026-12-01", ["bob"]),  # planned, not yet followed
    )
    text = matrix_page(corpus, modules, TODAY, text_of(language))
    still, everyone_heading, sessions = words["missing"]
    assert words["role"] in text and words["count"] in text
    missing = text.split(still)[1].split(everyone_heading)[0]
    rows = [line for line in missing.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows == [words["bob"]]  # the planned session is not yet followed, and it ends in 9 days
    everyone = text.split(everyone_heading)[1].split(sessions)[0]
    assert "2026-" not in everyone  # dates in the page's language, never ISO
    assert "Cas" not in everyone  # left the programme
    ann = next(line for line in everyone.splitlines() if line.startswith("| Ann"))
    assert ann.startswith(words["ann"])
    assert "✗" not in ann and "✓ bruges" in ann and ann.count(words["done"]) == 3
    bob = next(line for line in everyone.splitlines() if line.startswith("| Bob"))
    assert bob.count(words["done"]) == 3 and bob.count("✗") == 1


def test_matrix_requires_an_induction_for_every_centre_visited(modules):
    corpus = corpus_of(
        CENTRE,
        volunteer("ann", centres=("bruges", "vottem")),
        training(INDUCTION, "2026-09-13", ["ann"], centre="bruges"),
    )
    ann = next(
        line
        for line in matrix_page(corpus, modules, TODAY).splitlines()
        if line.startswith("| Ann") and "✓ bruges" in line
    )
    assert "**✗ vottem**" in ann


def test_months_are_added_without_overflowing():
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 3, 9), 3) == dt.date(2026, 6, 9)


def test_a_training_page_without_its_audience_is_reported_with_its_file(tmp_path):
    (tmp_path / "x.md").write_text("---\ntitle: X\nmodule: trauma\n---\n# X\n", encoding="utf-8")
    with pytest.raises(SiteError, match=r"docs/training/x\.md: front matter needs"):
        training_modules(tmp_path, "docs/training")


def visit_with_secrets(day: str, concerns=()):
    return (
        "visit",
        {
            "id": f"{day}-A-2026-0001",
            "assignment": "A-2026-0001",
            "date": day,
            "concerns": list(concerns),
            "notes": "SECRET-NOTE-TEXT",
            "follow_up": [
                {
                    "kind": "lawyer",
                    "owner": "bob",
                    "due": "2026-11-30",
                    "status": "open",
                    "action": "SECRET-ACTION-TEXT",
                }
            ],
        },
    )


# Dates, kinds and centres by name in the page's language; people only by their code.
DASHBOARD_ROWS = {
    "en": (
        "| 1 Nov 2026 | <code>P-2026-0001</code> | Bruges centre | Self-harm |",
        "| 30 Nov 2026 | Lawyer | <code>P-2026-0001</code> | <code>2026-11-01-A-2026-0001</code> | due in 8 days |",
    ),
    "nl": (
        "| 1 nov 2026 | <code>P-2026-0001</code> | Brugge | Zelfverwonding |",
        "| 30 nov 2026 | Advocaat | <code>P-2026-0001</code> | <code>2026-11-01-A-2026-0001</code> | over 8 dagen |",
    ),
    "fr": (
        "| 1 nov. 2026 | <code>P-2026-0001</code> | Bruges | Automutilation |",
        "| 30 nov. 2026 | Avocat | <code>P-2026-0001</code> | <code>2026-11-01-A-2026-0001</code> | dans 8 jours |",
    ),
}


@pytest.mark.parametrize("language", DASHBOARD_ROWS)
def test_dashboards_show_codes_kinds_and_dates_never_notes_or_action_text(language):
    corpus = corpus_of(
        CENTRE,
        volunteer("ann"),
        volunteer("bob", role="accredited"),
        ("person", {"id": "P-2026-0001", "centre": "bruges"}),
        (
            "assignment",
            {
                "id": "A-2026-0001",
                "volunteer": "ann",
                "person": "P-2026-0001",
                "centre": "bruges",
                "start_date": "2026-10-01",
            },
        ),
        visit_with_secrets("2026-11-01", concerns=["self-harm"]),
        visit_with_secrets("2026-09-01", concerns=["violence"]),  # older than 30 days
    )
    pages = dashboard_pages(corpus, TODAY, copy.deepcopy(DEFAULTS), language)
    assert not any("SECRET" in text for text in pages.values() if isinstance(text, str))
    concern, action = DASHBOARD_ROWS[language]
    safeguarding = pages["safeguarding.md"]
    rows = [line for line in safeguarding.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert rows == [concern]  # the older concern is past the 30 days
    follow_up = pages["follow-up.md"]
    assert "## Bob" in follow_up and action in follow_up
    assert "self-harm" not in safeguarding and "| lawyer |" not in follow_up  # names, not codes
    assert "A-2026-0001" in pages["overdue.md"]  # 21 days since the last report
    assert list(pages)[0] == "index.md"


# --- staging, templates, output folders ------------------------------------------------------


def test_staging_copies_only_allowed_files(tmp_path):
    source = tmp_path / "source"
    (source / "sub").mkdir(parents=True)
    for name in ("page.md", "sub/style.css", "record.yaml", "settings.yml", ".hidden.md", "data.json"):
        (source / name).write_text("x", encoding="utf-8")
    os.symlink(source / "page.md", source / "link.md")
    staging = Staging(tmp_path / "repo", "test")
    staging.copy_tree(source)
    copied = sorted(p.relative_to(staging.docs).as_posix() for p in staging.docs.rglob("*") if p.is_file())
    assert copied == ["page.md", "sub/style.css"]


@pytest.mark.parametrize("relpath", ["records/x.yaml", "mkdocs.yml", "../escape.md", "/abs.md", "a.html"])
def test_staging_refuses_unsafe_generated_files(tmp_path, relpath):
    with pytest.raises(SiteError):
        Staging(tmp_path, "test").write(relpath, "x")


def test_a_generated_page_never_replaces_a_hand_written_one(tmp_path):
    staging = Staging(tmp_path, "test")
    staging.write("training/matrix.md", "hand-written")
    with pytest.raises(SiteError, match="generated file would replace"):
        staging.write("training/matrix.md", "generated")


def test_staging_starts_clean(tmp_path):
    Staging(tmp_path, "test").write("old.md", "x")
    assert not (Staging(tmp_path, "test").docs / "old.md").exists()


def test_contact_details_are_escaped_and_checked():
    settings = {"public": {"contact": {"name": "Anne <b>&</b> [Co]*", "email": "a.b+c@example.org"}}}
    values = contact(settings)
    assert values["email"] == "a.b+c@example.org"
    assert Html(render_markdown(values["name"])).text == "Anne <b>&</b> [Co]*"
    for email in ("not an address", "x@y.org) [a](javascript:alert(1)", "a@b"):
        with pytest.raises(ConfigError, match="public.contact.email"):
            contact({"public": {"contact": {"name": "A", "email": email}}})


def test_an_unknown_placeholder_names_the_page_and_line(tmp_path):
    page = tmp_path / "docs" / "public" / "en"
    page.mkdir(parents=True)
    (page / "apply.md").write_text(
        "# Apply\n\nName: {{ contact.name }}\nPhone: {{ contact.phone }}\n", encoding="utf-8"
    )
    with pytest.raises(SiteError, match=r"docs/public/en/apply\.md:4: .*phone"):
        render(tmp_path, "en/apply.md", {"contact": contact(DEFAULTS)})
    (page / "apply.md").write_text("# Apply\n\n{{ contact.name\n", encoding="utf-8")
    with pytest.raises(SiteError, match=r"docs/public/en/apply\.md:3: template syntax"):
        render(tmp_path, "en/apply.md", {"contact": contact(DEFAULTS)})


def test_public_pages_render_with_the_configured_contact():
    text = render(REPO, "en/apply.md", {"contact": contact(DEFAULTS)})
    assert "{{" not in text and "(mailto:visits@example.org)" in text


def test_only_the_search_plugin_is_allowed(tmp_path):
    base = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(base.replace("  - search\n", "  - search\n  - macros\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match="only the built-in 'search' plugin"):
        base_config(tmp_path)
    assert base_config(REPO)["theme"]["font"] is False  # system fonts: nothing from Google


def test_a_folder_not_built_by_visits_site_is_never_replaced(tmp_path):
    target = tmp_path / "public"
    target.mkdir()
    (target / "precious.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError, match="was not built by `visits site`"):
        check_replaceable(target)


def test_swapping_in_replaces_the_previous_build_whole(tmp_path):
    target = tmp_path / "public"
    first = temporary_beside(target)
    (first / "old.html").write_text("old", encoding="utf-8")
    swap_in(first, target)
    check_replaceable(target)  # built by us: may be replaced
    second = temporary_beside(target)
    (second / "new.html").write_text("new", encoding="utf-8")
    swap_in(second, target)
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # no temporary folder left


def test_escape_leaves_plain_text_readable():
    assert escape("Anne-Marie D.") == "Anne-Marie D."
    assert html.unescape(escape("a<b|c")) == "a<b|c"


def test_task_lists_become_ballot_boxes_outside_code():
    source = "Before a visit:\n\n- [ ] phone away\n  - [x] badge\n\n```yaml\n- [ ] kept as written\n```\n"
    assert checklists(source) == (
        "Before a visit:\n\n- ☐ phone away\n  - ☑ badge\n\n```yaml\n- [ ] kept as written\n```\n"
    )
    rendered = Html(render_markdown(checklists(source)))
    assert "input" not in [tag for tag, _ in rendered.tags] and "☐ phone away" in rendered.text
