"""visits urgent: safeguarding concerns added since a ref, for the pull request's fast path."""

from __future__ import annotations

import json
from pathlib import Path

from visits import engine
from visits.cli import UsageError
from visits.codeowners import coordinator_team
from visits.config import load_config
from visits.gitdiff import GitError, changed_since
from visits.github import set_outputs
from visits.safeguarding import added_concerns, as_json, as_text, comment
from visits.yamlwrite import replace

NAME = "urgent"
HELP = "list safeguarding concerns added since REF; sets the 'urgent' step output on GitHub Actions"


def configure(parser) -> None:
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        required=True,
        help="compare with the merge base of REF and HEAD (e.g. origin/main)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="how to print the concerns found (default: text)"
    )
    parser.add_argument(
        "--comment",
        type=Path,
        metavar="FILE",
        help="when there are concerns, write the comment for the coordinators here",
    )


def run(args, io) -> int:
    config = load_config(args.root)
    coordinators = coordinator_team(config)
    try:
        changes = changed_since(args.root, args.changed_since)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    corpus = engine.records(args.root, config)
    found = added_concerns(args.root, corpus, changes)
    if args.format == "json":
        io.out.write(json.dumps(as_json(found), indent=2) + "\n")
    else:
        io.out.write(as_text(found))
    if found and args.comment:
        replace(args.comment, comment(found, coordinators))
    # the printed list is the answer by hand; the outputs are for the workflow alone
    set_outputs({"urgent": bool(found), "count": len(found)}, io, echo=False)
    return 0
