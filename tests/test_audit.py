"""visits audit: the disclosure audit of everything published, on the example data and on a programme it fails."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from test_rules_programme import World
from visits.i18n import translator
from visits.stats.disclosure.method import method_paragraphs
from visits.stats.suppress import Hidden

from conftest import REPO, run_visits

EXAMPLE_AS_OF = "2026-11-20"  # visits.yml's as_of: the day the example records describe


def test_every_protected_count_of_the_example_data_keeps_at_least_three_values():
    result = run_visits("audit", "--format", "json", root=REPO, today=None)
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert found["ok"] is True and found["failures"] == []
    assert found["min_interval_values"] == 3
    assert found["protected"] > 0 and found["cells"] > found["protected"]
    narrowest = found["narrowest"]
    assert narrowest["max"] - narrowest["min"] + 1 >= 3
    assert found["as_of"] == EXAMPLE_AS_OF


def test_the_summary_speaks_the_language_asked_for():
    english = run_visits("audit", root=REPO, today=None)
    french = run_visits("audit", "--lang", "fr", root=REPO, today=None)
    dutch = run_visits("audit", "--lang", "nl", root=REPO, today=None)
    assert english.code == french.code == dutch.code == 0
    assert "Every protected count keeps at least 3 possible values." in english.out
    assert "Chaque effectif protégé garde au moins 3 valeurs possibles." in french.out
    assert "Elk beschermd aantal behoudt minstens 3 mogelijke waarden." in dutch.out
    assert "\u202f:" in french.out  # French spacing before the colon
    assert "Narrowest interval a reader can derive: " in english.out
    assert "Intervalle le plus étroit qu’un lecteur peut déduire\u202f: " in french.out
    assert "Smalste interval dat een lezer kan afleiden: " in dutch.out


def one_visit_programme(root: Path) -> World:
    """One person visited once, in the only quarter with visits: the quarter's single visit
    (all centres, a public figure the packs show) pins the person visited to 0 or 1."""
    world = World(root)
    world.follow("A-2026-0001", "P-2026-0001", "ben-claes", "2026-07-01")
    world.visit("A-2026-0001", "2026-07-08")
    return world


def test_a_count_no_hiding_can_protect_fails_the_audit_and_is_named(tmp_path):
    world = one_visit_programme(tmp_path / "world")
    result = run_visits("audit", "--format", "json", root=world.root)
    assert result.code == 1
    found = json.loads(result.out)
    assert found["ok"] is False
    cells = {tuple(failure["cell"]) for failure in found["failures"]}
    assert any(table == "2026/people" and row == "2026-Q3" for table, row, _ in cells)
    for failure in found["failures"]:
        assert failure["max"] - failure["min"] + 1 < 3
        assert failure["tables"] and failure["cells"]
    text = run_visits("audit", root=world.root)
    assert text.code == 1
    assert "can be narrowed to fewer than 3 values" in text.out
    assert "from the tables 2026/people" in text.out


def test_the_method_is_told_in_every_language():
    for language in ("nl", "fr", "en"):
        t = translator(language)
        paragraphs = method_paragraphs(t, 5, 3)
        assert len(paragraphs) == 4
        assert "4" in paragraphs[0] and "3" in paragraphs[2]
        assert "min_interval_values" in paragraphs[3]
    assert "HiGHS" in method_paragraphs(translator("fr"), 5, 3)[1]
    assert method_paragraphs(translator("en"), 1, 3) == [
        "privacy.min_count is 1 in visits.yml: no count of people is hidden."
    ]


SOLVER_CHECK = """
import sys
from visits import cli
import visits.commands.audit  # every command module is imported to build the parser of `visits --help`
code = cli.main(["validate", "--root", sys.argv[1]])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "scipy", "highspy"))
print(code, " ".join(loaded))
"""


def test_validate_and_the_audit_command_module_import_no_solver():
    """HiGHS (and numpy) load only when the audit poses a problem, not for every command."""
    done = subprocess.run(
        [sys.executable, "-c", SOLVER_CHECK, str(REPO)], capture_output=True, text=True, check=False, timeout=300
    )
    code, _, loaded = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code == "0", done.stderr
    assert loaded == ""


def test_the_recruitment_dashboard_is_audited_with_everything_else():
    found = json.loads(run_visits("audit", "--format", "json", root=REPO, today=None).out)
    assert {"recruitment/open-applications", "recruitment/applications-by-month"} <= set(found["table_names"])
    assert found["tables"] == len(found["table_names"])
    text = run_visits("audit", root=REPO, today=None).out
    line = next(line for line in text.splitlines() if "recruitment dashboard" in line)
    assert line.startswith("Of which the recruitment dashboard: 2 tables (")


def test_the_site_renders_the_recruitment_cells_the_audit_settled():
    from visits import engine
    from visits.config import load_config
    from visits.site.dashboards import gather
    from visits.stats.measures import collect
    from visits.stats.publication import RECRUITMENT_MONTHS, RECRUITMENT_OPEN, publish

    config = load_config(REPO)
    today = dt.date.fromisoformat(EXAMPLE_AS_OF)
    corpus = engine.run(REPO, config, today, corpus=True).corpus
    published = publish(collect(corpus, config, today), config, corpus)
    shown = gather(corpus, today, config, published).recruitment
    assert shown is published.recruitment  # counted and settled once, for all three languages
    assert published.tables[RECRUITMENT_OPEN] is shown.waiting and published.tables[RECRUITMENT_MONTHS] is shown.cells
    intervals = published.audit().intervals
    for table, grid in ((RECRUITMENT_OPEN, shown.waiting), (RECRUITMENT_MONTHS, shown.cells)):
        small = [key for key, cell in grid.cells.items() if isinstance(cell, Hidden) and cell.primary]
        assert small, table  # the example records have small counts of candidates
        for key in small:  # every one proven, in the audit of everything published
            low, high = intervals[(table, *key)]
            assert high - low + 1 >= 3, key
    alone = publish(collect(corpus, config, today), config)  # without the corpus: the statistics alone
    assert alone.recruitment is None and RECRUITMENT_OPEN not in alone.tables
