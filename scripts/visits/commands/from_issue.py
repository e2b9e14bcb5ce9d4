"""visits from-issue: turn a "Visit report" issue (a GitHub event payload) into a record."""

from __future__ import annotations

from pathlib import Path

from visits.cli import UsageError
from visits.config import load_config
from visits.github import set_outputs
from visits.issuereport import EventError, comment, pull_request_body, read_issue, submit
from visits.yamlwrite import replace

NAME = "from-issue"
HELP = "write the visit record from a submitted issue form, or explain what to fix"


def configure(parser) -> None:
    parser.add_argument("event", type=Path, metavar="EVENT.json",
                        help="the issues event payload ($GITHUB_EVENT_PATH on GitHub Actions)")
    parser.add_argument("--out-comment", type=Path, metavar="FILE",
                        help="write the comment for the issue here (default: print it)")
    parser.add_argument("--out-pr-body", type=Path, metavar="FILE",
                        help="write the pull request description here")


def run(args, io) -> int:
    config = load_config(args.root)
    try:
        issue = read_issue(args.event)
    except EventError as exc:
        raise UsageError(str(exc)) from None
    result = submit(args.root, config, args.today, issue)
    if result.problems:
        if args.out_comment:
            replace(args.out_comment, comment(result.problems))
        else:
            io.out.write(comment(result.problems))
        return 1
    data = result.data
    if args.out_pr_body:
        replace(args.out_pr_body, pull_request_body(issue, data))
    # values the workflow puts in git and gh commands: all made of schema-checked characters
    set_outputs({"path": result.path, "id": data["id"], "branch": f"visit-report/issue-{issue['number']}",
                 "title": f"Visit report {data['assignment']} {data['date']}",
                 "urgent": bool(data.get("concerns"))}, io)
    return 0
