"""The `visits` command: parse options, hand over to a subcommand, return an exit code.

Each module in visits/commands/ is one subcommand: it defines NAME, HELP,
configure(parser) and run(args, io) -> int. Exit codes: 0 fine (warnings
allowed), 1 findings with errors, 2 usage or configuration problem, 3 a bug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pkgutil
import signal
import sys
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TextIO

import visits.commands
from visits.config import CONFIG_FILE, example_date
from visits.errors import ConfigError, UsageError
from visits.layout import RECORDS, SCHEMAS

EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_BROKEN_PIPE = 141  # what shells report for a program stopped by SIGPIPE


@dataclass
class IO:
    out: TextIO
    err: TextIO

    @property
    def interactive(self) -> bool:
        return getattr(self.err, "isatty", lambda: False)()


def find_root(start: Path) -> Path | None:
    """The repository `start` is in, looked for upward as git looks for .git: a command run
    from records/ or any folder below works on the whole repository."""
    for folder in (start, *start.parents):
        if (folder / SCHEMAS).is_dir() and ((folder / RECORDS).is_dir() or (folder / CONFIG_FILE).is_file()):
            return folder
    return None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _commands(argv: list[str]):
    """The command modules to register: only the one asked for, when it is clear which.

    Importing every command (and what it needs: the site builder, Jinja, statistics)
    would cost every run a few tenths of a second; a module's name is its NAME with
    dashes as underscores (tests/test_cli.py checks it).
    """
    names = sorted(
        info.name for info in pkgutil.iter_modules(visits.commands.__path__) if not info.name.startswith("_")
    )
    asked = next((arg for arg in argv if not arg.startswith("-")), "").replace("-", "_")
    for name in [asked] if asked in names else names:
        yield import_module(f"visits.commands.{name}")


def _parser_class(io: IO):
    class Parser(argparse.ArgumentParser):
        """argparse writes help and usage errors to sys.stdout/stderr itself; redirect them."""

        def _print_message(self, message, file=None):
            if message:
                (io.out if file is sys.stdout else io.err).write(message)

    return Parser


def build_parser(io: IO | None = None, argv: list[str] | None = None) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)  # only lends its options
    common.add_argument(
        "--root", type=Path, default=None, help="repository to work on (default: the one the current folder is in)"
    )
    common.add_argument(
        "--today", type=_date, default=None, help="pretend today is this date (YYYY-MM-DD), for reproducible runs"
    )
    common.add_argument("--verbose", action="store_true", help="say more about what is done")
    parser_class = _parser_class(io or IO(sys.stdout, sys.stderr))
    parser = parser_class(prog="visits", description="Records, checks and sites of the detention visits programme.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _commands(argv or []):
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP, parents=[common])
        module.configure(command)
        command.set_defaults(handler=module.run)
    return parser


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that every `finally` runs and a command that is
    stopped (by CI's timeout, `kill`) removes its temporary files as on Ctrl-C."""


_MAIN_PID = os.getpid()


def _terminate(signum, frame):
    if os.getpid() != _MAIN_PID:  # a forked worker: the pool that stops it expects it to die
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    raise Terminated


def _default_today(args, io: IO) -> dt.date:
    """Today, or the day the example records describe (visits.yml as_of), said on stderr: on
    any later day the example programme would otherwise look overdue everywhere."""
    as_of = example_date(args.root)
    if as_of is None:
        return dt.date.today()
    io.err.write(
        f"visits {args.command}: as of {as_of}, the day the example records describe "
        f"(as_of in {CONFIG_FILE}); --today YYYY-MM-DD for another day\n"
    )
    return as_of


def main(argv: list[str] | None = None, io: IO | None = None) -> int:
    io = io or IO(sys.stdout, sys.stderr)
    if argv is None:  # a process of its own, not a call from a test or a library
        global _MAIN_PID
        _MAIN_PID = os.getpid()
        signal.signal(signal.SIGTERM, _terminate)
        argv = sys.argv[1:]
        from visits import engine  # light: the engine's heavy parts load with the command

        engine.at_command_edge()
    parser = build_parser(io, argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0) and EXIT_USAGE
    if args.root is None:
        args.root = find_root(Path.cwd())
        if args.root is None:
            io.err.write(
                f"visits {args.command}: {Path.cwd()} is not inside a visits repository "
                f"(a folder holding {SCHEMAS}/ and {RECORDS}/ or {CONFIG_FILE}); "
                "run it from inside one, or give --root\n"
            )
            return EXIT_USAGE
    args.root = args.root.resolve()
    if args.today is None:
        args.today = _default_today(args, io)
    try:
        return args.handler(args, io)
    except (ConfigError, UsageError) as exc:
        io.err.write(f"visits {args.command}: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        io.err.write("visits: interrupted\n")
        return 130
    except Terminated:
        io.err.write("visits: stopped\n")
        return 143
    except BrokenPipeError:  # the reader went away (`visits validate | head`): stop quietly
        if io.out is sys.stdout:  # keep Python's final flush from failing on the closed pipe
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        if args.verbose:
            raise
        io.err.write(
            f"visits {args.command}: internal error ({type(exc).__name__}: {exc}); "
            "run again with --verbose and report it\n"
        )
        return EXIT_BUG
