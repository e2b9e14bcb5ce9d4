"""The four reporters, byte for byte, on a small fixed list of findings."""

from __future__ import annotations

import json

from visits.findings import Finding, Severity
from visits.reporters import MARKDOWN_ROWS, REPORTERS, render_github, render_json, render_markdown, render_text

FINDINGS = [
    Finding(
        "records/people/P-2026-0001.yaml",
        3,
        1,
        Severity.ERROR,
        "path-mismatch",
        "file should be records/people/P-2026-0002.yaml",
        "git mv a b",
    ),
    Finding(
        "records/visits/a,b/2026/x:y.yaml", 7, 5, Severity.WARNING, "visit-too-long", "90% of 100:\nsecond line", ""
    ),
    Finding(
        "records/centres/c|d.yaml",
        12,
        3,
        Severity.ERROR,
        "invalid-value",
        "kind: 'a|b' <is> not allowed",
        "use one of: x, y",
    ),
]


def test_text():
    assert render_text(FINDINGS, 40) == (
        "records/people/P-2026-0001.yaml:3:1: error path-mismatch: file should be records/people/P-2026-0002.yaml\n"
        "  hint: git mv a b\n"
        "records/centres/c|d.yaml:12:3: error invalid-value: kind: 'a|b' <is> not allowed\n"
        "  hint: use one of: x, y\n"
        "records/visits/a,b/2026/x:y.yaml:7:5: warning visit-too-long: 90% of 100:\n  second line\n"
        "40 records checked: 2 errors, 1 warning\n"
    )


def test_text_without_findings_uses_singulars_and_plurals():
    assert render_text([], 1) == "1 record checked: 0 errors, 0 warnings\n"


def test_json_has_exactly_the_promised_shape():
    payload = json.loads(render_json(FINDINGS, 40))
    assert list(payload) == ["records", "findings"]
    assert payload["records"] == 40
    assert [item["severity"] for item in payload["findings"]] == ["error", "error", "warning"]
    assert payload["findings"][2] == {
        "file": "records/visits/a,b/2026/x:y.yaml",
        "line": 7,
        "column": 5,
        "severity": "warning",
        "code": "visit-too-long",
        "message": "90% of 100:\nsecond line",
    }
    assert all(list(item) == ["file", "line", "column", "severity", "code", "message"] for item in payload["findings"])


def test_json_text_exactly():
    assert render_json(FINDINGS[:1], 2) == (
        "{\n"
        '  "records": 2,\n'
        '  "findings": [\n'
        "    {\n"
        '      "file": "records/people/P-2026-0001.yaml",\n'
        '      "line": 3,\n'
        '      "column": 1,\n'
        '      "severity": "error",\n'
        '      "code": "path-mismatch",\n'
        '      "message": "file should be records/people/P-2026-0002.yaml"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )
    assert json.loads(render_json([], 0)) == {"records": 0, "findings": []}


def test_json_keeps_non_ascii_readable():
    found = Finding("records/centres/x.yaml", 1, 1, Severity.ERROR, "invalid-value", "Centre fermé", "")
    assert '"message": "Centre fermé"' in render_json([found], 1)


def test_github_workflow_commands_with_escaping():
    assert render_github(FINDINGS, 40) == (
        "::error file=records/people/P-2026-0001.yaml,line=3,col=1,title=path-mismatch::"
        "file should be records/people/P-2026-0002.yaml%0Ahint: git mv a b\n"
        "::error file=records/centres/c|d.yaml,line=12,col=3,title=invalid-value::"
        "kind: 'a|b' <is> not allowed%0Ahint: use one of: x, y\n"
        "::warning file=records/visits/a%2Cb/2026/x%3Ay.yaml,line=7,col=5,title=visit-too-long::"
        "90%25 of 100:%0Asecond line\n"
    )


def test_github_escapes_carriage_returns_and_nothing_for_no_findings():
    found = Finding("a%b.yaml", 1, 1, Severity.ERROR, "yaml-syntax", "x\r\ny", "")
    assert render_github([found], 1) == "::error file=a%25b.yaml,line=1,col=1,title=yaml-syntax::x%0D%0Ay\n"
    assert render_github([], 5) == ""


def test_markdown():
    assert render_markdown(FINDINGS, 40) == (
        "## Record check: ❌ records need fixing\n"
        "\n"
        "40 records checked: 2 errors, 1 warning.\n"
        "\n"
        "| Where | Severity | Code | Problem | How to fix |\n"
        "|---|---|---|---|---|\n"
        "| `records/people/P-2026-0001.yaml:3` | error | `path-mismatch` | "
        "file should be records/people/P-2026-0002.yaml | git mv a b |\n"
        "| `records/centres/c\\|d.yaml:12` | error | `invalid-value` | "
        "kind: 'a\\|b' &lt;is> not allowed | use one of: x, y |\n"
        "| `records/visits/a,b/2026/x:y.yaml:7` | warning | `visit-too-long` | 90% of 100: second line |  |\n"
    )


def test_markdown_when_all_pass():
    assert (
        render_markdown([], 3) == "## Record check: ✅ all records pass\n\n3 records checked: 0 errors, 0 warnings.\n\n"
    )


def test_markdown_caps_the_table_and_says_how_many_more():
    many = [FINDINGS[0]] * (MARKDOWN_ROWS + 5)
    lines = render_markdown(many, 1).splitlines()
    assert sum(line.startswith("| `records/") for line in lines) == MARKDOWN_ROWS
    assert lines[-1] == "…and 5 more; see the annotations."


def test_markdown_cut_short_keeps_every_error_before_the_warnings():
    warnings = [
        Finding(f"records/a/{n:03}.yaml", 1, 1, Severity.WARNING, "report-overdue", "late", "")
        for n in range(MARKDOWN_ROWS)
    ]
    last = Finding("records/z/zz.yaml", 9, 1, Severity.ERROR, "unknown-volunteer", "no volunteer", "")
    rows = [line for line in render_markdown(warnings + [last], 1).splitlines() if line.startswith("| `")]
    assert rows[0].startswith("| `records/z/zz.yaml:9` | error")
    assert len(rows) == MARKDOWN_ROWS


def test_every_reporter_puts_errors_first_whatever_order_it_is_given():
    given = [FINDINGS[1], FINDINGS[0]]  # a warning, then an error
    for name, render in REPORTERS.items():
        text = render(given, 2)
        assert text.index("path-mismatch") < text.index("visit-too-long"), name


def test_sort_key_ranks_errors_before_warnings_then_by_place():
    ordered = sorted(FINDINGS, key=Finding.sort_key)
    assert [(f.severity, f.file) for f in ordered] == [
        (Severity.ERROR, "records/centres/c|d.yaml"),
        (Severity.ERROR, "records/people/P-2026-0001.yaml"),
        (Severity.WARNING, "records/visits/a,b/2026/x:y.yaml"),
    ]


def test_reporters_are_chosen_by_name():
    assert set(REPORTERS) == {"text", "json", "github", "markdown"}


# --- in the reader's language -------------------------------------------------------------------

VISITOR_FINDINGS = [
    Finding(
        "records/visits/claire-simon/2026/2026-01-06-A-2025-0022.yaml",
        4,
        1,
        Severity.ERROR,
        "unknown-field",
        "unknown field 'topcs'",
        "did you mean 'topics'?",
    ),
    Finding("records/visits/claire-simon/2026/x.yaml", 2, 1, Severity.WARNING, "visit-too-long", "new wording", ""),
]


def test_the_text_reporter_writes_headings_messages_and_hints_in_the_readers_language():
    from visits.i18n import translator

    french = render_text(VISITOR_FINDINGS, 2, translator("fr"))
    assert "erreur unknown-field: champ inconnu 'topcs'" in french
    assert "  conseil\u202f: vouliez-vous dire 'topics'\u202f?" not in french  # text output is not typeset
    assert "  conseil : vouliez-vous dire 'topics' ?" in french
    assert "avertissement visit-too-long: new wording" in french  # no template fits: English, code kept
    assert french.endswith("2 enregistrements vérifiés : 1 erreur, 1 avertissement\n")
    dutch = render_markdown(VISITOR_FINDINGS, 2, translator("nl"))
    assert dutch.startswith("## Controle van de records: ❌ records moeten verbeterd worden")
    assert "| Waar | Ernst | Code | Probleem | Zo los je het op |" in dutch
    assert "| fout | `unknown-field` | onbekend veld 'topcs' | bedoel je 'topics'? |" in dutch


def test_json_stays_language_neutral():
    from visits.i18n import translator

    assert render_json(VISITOR_FINDINGS, 2, translator("fr")) == render_json(VISITOR_FINDINGS, 2)


def volunteer_preferring(root, language: str) -> str:
    """A volunteer of the example records who prefers language and has visit reports (read, not assumed)."""
    from visits.yamlstrict import load_bytes

    for path in sorted((root / "records/volunteers").glob("*.yaml")):
        prefers = load_bytes(path.read_bytes(), path.name).data.get("preferred_language")
        if prefers == language and any((root / "records/visits" / path.stem).rglob("*.yaml")):
            return path.stem
    raise AssertionError(f"no volunteer with visits prefers {language} in the example records")


def test_validate_writes_to_the_author_in_their_preferred_language(example_repo):
    from conftest import run_visits

    in_their_words = {
        "fr": ("champ inconnu 'topcs'", "vouliez-vous dire"),
        "nl": ("onbekend veld 'topcs'", "bedoel je"),
    }
    paths = {}
    for language in in_their_words:
        visit = next((example_repo / "records/visits" / volunteer_preferring(example_repo, language)).rglob("*.yaml"))
        visit.write_text(visit.read_text(encoding="utf-8") + "topcs: [health]\n", encoding="utf-8")
        paths[language] = visit.relative_to(example_repo).as_posix()
    for language, other in (("fr", "nl"), ("nl", "fr")):
        own = run_visits("validate", paths[language], "--no-cache", root=example_repo)
        assert own.code == 1 and all(words in own.out for words in in_their_words[language]), own.out
        assert not any(words in own.out for words in in_their_words[other])
        told = run_visits("validate", paths[language], "--no-cache", "--lang", other, root=example_repo)
        assert all(words in told.out for words in in_their_words[other]), told.out
    dutch = run_visits("validate", paths["fr"], "--no-cache", "--lang", "nl", "--format", "markdown", root=example_repo)
    assert "onbekend veld 'topcs'" in dutch.out and "Controle van de records" in dutch.out
    plain = run_visits("validate", paths["fr"], "--no-cache", "--format", "json", root=example_repo)
    assert "unknown field 'topcs'" in plain.out  # JSON: the checks' own words, and codes
    everything = run_visits("validate", "--no-cache", root=example_repo)  # no author: languages.checks
    assert "unknown field 'topcs'" in everything.out
