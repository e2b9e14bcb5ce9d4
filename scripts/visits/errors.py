"""The error types a command reports without a traceback, in one place.

Bad input in a record is never an error but a finding (findings.py). These are the
problems of a run itself: how the command was called, the settings, Git, the worker
processes. The CLI turns each into one line and an exit code (cli.py).
"""

from __future__ import annotations


class UsageError(Exception):
    """Raised by commands for a bad option value; reported without a traceback (exit 2)."""


class ConfigError(Exception):
    """A usage or configuration problem: the CLI exits with 2."""


class GitError(Exception):
    """Git could not answer (no repository, unknown ref); the message says what to do."""


class WorkerLost(RuntimeError):
    """A worker process ended while checking records, or sent what the engine cannot use."""
