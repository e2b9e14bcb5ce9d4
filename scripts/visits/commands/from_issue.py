"""visits from-issue: turn a "Visit report" issue (a GitHub event payload) into a record.

Exit 0: the record is written; 1: the answers need fixing (the comment says what);
2: the file is not a usable event, or an output cannot be written. Everything is
checked before the record is written, and the record is removed again if a later
step fails, so a run that does not exit 0 leaves nothing in records/. Every text
for people (the comment, the pull request's body, the workflow's other replies)
is in the language of the form the visitor used, or in `--lang`.
"""

from __future__ import annotations

from pathlib import Path

from visits.cli import UsageError
from visits.config import load_config
from visits.github import set_outputs
from visits.i18n import LANGUAGES, translator
from visits.issueevent import EventError, read_issue
from visits.issuereplies import comment, pull_request_body, replies
from visits.issuereport import place, prepare, withdraw
from visits.yamlwrite import replace

NAME = "from-issue"
HELP = "write the visit record from a submitted issue form, or explain what to fix"


def configure(parser) -> None:
    parser.add_argument(
        "event", type=Path, metavar="EVENT.json", help="the issues event payload ($GITHUB_EVENT_PATH on GitHub Actions)"
    )
    parser.add_argument(
        "--out-comment", type=Path, metavar="FILE", help="write the comment for the issue here (default: print it)"
    )
    parser.add_argument("--out-pr-body", type=Path, metavar="FILE", help="write the pull request description here")
    parser.add_argument(
        "--out-replies",
        type=Path,
        metavar="DIR",
        help="write the workflow's other comments here (thanks.md, moved.md, branch-exists.md, failed.md)",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, help="language of the replies (default: that of the form the visitor used)"
    )


def _write(path: Path, text: str, what: str) -> None:
    try:
        replace(path, text)
    except OSError as exc:
        raise UsageError(f"cannot write the {what} to {path}: {exc.strerror or exc}") from None


def run(args, io) -> int:
    config = load_config(args.root)
    try:
        issue = read_issue(args.event)
    except EventError as exc:
        raise UsageError(str(exc)) from None
    draft = prepare(args.root, config, issue)
    t = translator(args.lang or draft.language)
    if args.out_replies:  # first: the workflow answers in the visitor's language even if a later step fails
        for name, text in replies(t).items():
            _write(args.out_replies / f"{name}.md", text, "reply")
    data = draft.data
    # everything shown after the record is written is made before, from checked values
    pr_body = pull_request_body(issue, data, t) if not draft.problems else ""
    outputs = {
        "path": draft.path,
        "id": data.get("id"),
        "branch": f"visit-report/issue-{issue.number}",
        "title": " ".join((t.gettext("Visit report"), str(data.get("assignment")), str(data.get("date")))),
        "urgent": bool(data.get("concerns")),
        "language": t.language,
    }
    problems = draft.problems or place(args.root, config, args.today, draft)
    if problems:
        if args.out_comment:
            _write(args.out_comment, comment(problems, t), "comment")
        else:
            io.out.write(comment(problems, t))
        return 1
    try:
        if args.out_pr_body:
            _write(args.out_pr_body, pr_body, "pull request description")
        # values the workflow puts in git and gh commands: all made of schema-checked characters
        set_outputs(outputs, io)
    except BaseException:
        withdraw(draft)
        raise
    return 0
