"""CODEOWNERS from the volunteer records: right reviewers, right order, stale files caught."""

from __future__ import annotations

import re
import shutil

import pytest

from events import REFERENT, VISITOR, add_test_records
from visits.yamlwrite import dump, schema_comment

from conftest import REPO, git, init_git, run_visits

COORDINATORS = "@example-org/coordinators"
REFERENT_HANDLE = "@testreferent-v"  # the handle in tests/events/records/volunteers/test-referent.yaml


def owners(codeowners: str, path: str) -> list[str]:
    """GitHub's rule, for the patterns the generator uses: the LAST matching line wins."""
    winner: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        if pattern == "*" or ("/" + path).startswith(pattern):
            winner = names
    return winner


@pytest.fixture
def generated(example_repo):
    add_test_records(example_repo)
    assert run_visits("codeowners", root=example_repo).code == 0
    return example_repo, (example_repo / ".github/CODEOWNERS").read_text()


def test_the_committed_file_matches_the_example_records():
    result = run_visits("codeowners", "--check", root=REPO)
    assert result.code == 0, result.err


def test_a_friendly_visitors_reports_go_to_their_referent(generated):
    _, text = generated
    for folder in ("visits", "expenses"):
        path = f"records/{folder}/{VISITOR}/2026/x.yaml"
        assert owners(text, path) == [REFERENT_HANDLE, COORDINATORS]


def test_accredited_visitors_never_review_their_own_reports(generated):
    _, text = generated
    assert owners(text, f"records/visits/{REFERENT}/2026/x.yaml") == [COORDINATORS]
    assert owners(text, f"records/expenses/{REFERENT}/2026/x.yaml") == [COORDINATORS]


@pytest.mark.parametrize(
    "path",
    [
        "schemas/visit.schema.json",
        "scripts/visits/cli.py",
        ".github/workflows/validate.yml",
        ".github/CODEOWNERS",
        f"records/volunteers/{VISITOR}.yaml",
        "visits.yml",
    ],
)
def test_the_coordinators_own_the_rest(generated, path):
    _, text = generated
    assert owners(text, path) == [COORDINATORS]


def test_the_general_rules_come_before_the_particular_ones(generated):
    root, text = generated
    patterns = [line.split()[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert patterns[0] == "*"
    assert patterns.index("/schemas/") < patterns.index(f"/records/visits/{VISITOR}/")
    folders = [p for p in patterns if p.startswith("/records/visits/")]
    volunteers = list((root / "records/volunteers").glob("*.yaml"))
    assert len(folders) == len(set(folders)) == len(volunteers)  # every volunteer once


def test_an_inactive_referent_hands_review_to_the_coordinators(generated):
    root, _ = generated
    path = root / f"records/volunteers/{REFERENT}.yaml"
    path.write_text(path.read_text().replace("status: active", "status: paused"))
    assert run_visits("codeowners", root=root).code == 0
    text = (root / ".github/CODEOWNERS").read_text()
    assert owners(text, f"records/visits/{VISITOR}/2026/x.yaml") == [COORDINATORS]
    assert f"# {VISITOR}: referent {REFERENT} is paused" in text


def test_generation_is_deterministic(generated):
    root, text = generated
    shutil.rmtree(root / ".github")
    assert run_visits("codeowners", root=root).code == 0
    assert (root / ".github/CODEOWNERS").read_text() == text


def test_check_fails_when_a_friendly_volunteer_is_added(generated):
    root, _ = generated
    init_git(root)
    assert run_visits("codeowners", "--check", root=root).code == 0
    volunteer = {
        "schema_version": 1,
        "id": "anna-peeters",
        "display_name": "Anna P.",
        "role": "friendly",
        "referent": REFERENT,
        "languages": [{"code": "nl", "level": "fluent"}],
        "centres": ["holsbeek"],
        "start_date": "2026-11-20",
        "status": "active",
        "handle": "annapeeters-v",
    }
    relpath = "records/volunteers/anna-peeters.yaml"
    (root / relpath).write_text(dump(volunteer, schema_comment(relpath, "schemas/volunteer.schema.json")))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "new volunteer")
    assert run_visits("validate", str(root / relpath), root=root).code == 0  # a valid record
    stale = run_visits("codeowners", "--check", root=root)
    assert stale.code == 1
    assert "out of date" in stale.err and "+/records/visits/anna-peeters/" in stale.err
    assert git(root, "status", "--porcelain", "--", ".github") == ""  # --check writes nothing
    assert run_visits("codeowners", root=root).code == 0
    assert re.search(
        rf"^/records/visits/anna-peeters/ +{REFERENT_HANDLE} ", (root / ".github/CODEOWNERS").read_text(), re.M
    )
    assert run_visits("codeowners", "--check", root=root).code == 0


def test_check_fails_when_the_file_is_missing(example_repo):
    result = run_visits("codeowners", "--check", root=example_repo)
    assert result.code == 1 and "missing" in result.err


def test_a_malformed_coordinator_team_is_a_configuration_error(example_repo):
    (example_repo / "visits.yml").write_text('review:\n  coordinators: "coordinators of the programme"\n')
    result = run_visits("codeowners", root=example_repo)
    assert result.code == 2 and "review.coordinators" in result.err
    assert not (example_repo / ".github/CODEOWNERS").exists()
