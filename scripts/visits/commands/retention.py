"""visits retention: list the data past its retention period, or redact and remove it."""

from __future__ import annotations

import json

from visits import engine, retention, scratch
from visits.config import load_config

NAME = "retention"
HELP = "list data past its retention period; --apply redacts or removes it in the working tree"


def configure(parser) -> None:
    parser.add_argument(
        "--apply",
        action="store_true",
        help="redact the due texts and remove the due records (review the diff, then commit)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="how to print the list (default: text)"
    )


def _text(items: list[retention.Due], applied: bool) -> str:
    done = {"redact": "redacted", "remove": "removed"} if applied else {"redact": "redact", "remove": "remove"}
    lines = [
        f"{done[due.action]:8} {due.record.path}{'  ' + due.field if due.field else ''}  "
        f"(rule {due.rule}, due since {due.since})"
        for due in items
    ]
    texts = sum(1 for due in items if due.action == "redact")
    records = len(items) - texts
    verb = "were" if applied else "are due to be"
    lines.append(
        f"{texts} text{'s' if texts != 1 else ''} {verb} redacted, "
        f"{records} record{'s' if records != 1 else ''} {verb} removed"
    )
    if not applied and items:
        lines.append("run `visits retention --apply` to do it, then review the diff and commit")
    return "\n".join(lines) + "\n"


def _json(items: list[retention.Due], applied: bool) -> str:
    payload = {
        "applied": applied,
        "items": [
            {
                "rule": due.rule,
                "action": due.action,
                "file": due.record.path,
                "field": due.field,
                "since": due.since.isoformat(),
            }
            for due in items
        ],
    }
    return json.dumps(payload, indent=2) + "\n"


def run(args, io) -> int:
    config = load_config(args.root)
    corpus = engine.records(args.root, config)
    items = retention.due_items(corpus, config, args.today)
    if args.apply:
        scratch.sweep_and_say(args.root / scratch.SCRATCH, NAME, io.err)
        retention.apply(corpus, items, args.today)
    io.out.write(_text(items, args.apply) if args.format == "text" else _json(items, args.apply))
    broken = sum(1 for result in corpus.results if result.findings)
    if broken:
        io.err.write(
            f"visits retention: {broken} record file{'s' if broken != 1 else ''} could not be "
            "read and were left alone; run `visits validate` to see why\n"
        )
    return 0
