"""What the caches in .cache/ are keyed by: a secret that vouches for them, and the code.

Whoever can rewrite .cache/ (a cache restored in CI, a shared folder, a careless
script) must not be able to make a record pass: every cache file carries a MAC
made with a secret kept outside it (store.py), and an entry that does not verify
is not read at all. The secret is `VISITS_CACHE_KEY` when set (CI passes one to
the validate workflow), else a random key made on first use in the checkout's Git
folder, readable by its owner only. With neither, no cache is used.

The fingerprint names everything besides the records that shapes a finding: every
module of this package and the compiled reader, by content (a fresh checkout sets
new times on every file and must still find the cache a CI run restored; hashing
the package's ~80 files takes 2 to 3 ms, about a hundredth of a warm run at the
example size), and the versions of Python and of the libraries underneath.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import yaml

from visits import fastyaml, yamlstrict

ENVIRONMENT = "VISITS_CACHE_KEY"
KEY_FILE = "visits-cache-key"
KEY_SIZE = 32
SHORTEST_GIVEN = 16  # characters of VISITS_CACHE_KEY: anything shorter can be guessed
PACKAGE = Path(__file__).parent.parent  # the whole visits package, not the engine alone
# the distributions whose code decides a finding: reading, schema checking, explaining
LIBRARIES = {
    "yaml": "pyyaml",
    "jsonschema_rs": "jsonschema_rs",
    "jsonschema": "jsonschema",
    "referencing": "referencing",
    "jsonschema_specifications": "jsonschema_specifications",
}


def secret(root: str | os.PathLike[str]) -> tuple[bytes | None, str]:
    """(key, "") for the caches of the repository at root, or (None, why there is none)."""
    given = os.environ.get(ENVIRONMENT, "")
    if given:
        if len(given) < SHORTEST_GIVEN:
            return None, (f"no cache: {ENVIRONMENT} is too short ({len(given)} characters, at least {SHORTEST_GIVEN})")
        return hashlib.sha256(b"visits cache key\0" + given.encode()).digest(), ""
    root = Path(root).resolve()
    folder = git_dir(root)
    if folder is None:
        return None, (
            f"no cache: {root} is not in a Git checkout, so there is no place outside .cache/ "
            f"for the key that vouches for it; set {ENVIRONMENT} ({SHORTEST_GIVEN} characters "
            "or more) to use one"
        )
    if any(folder.is_relative_to(root / inside) for inside in (".cache", "records")):
        return None, f"no cache: the Git folder {folder} is inside the cache or the records"
    try:
        return _key_in(folder), ""
    except (OSError, ValueError) as exc:
        return None, f"no cache: no key to vouch for it ({exc})"


def git_dir(root: Path) -> Path | None:
    """The Git folder of the checkout holding root: `.git`, or where a worktree's `.git` file
    points. Found by looking upward, as git does: asking git takes a hundred times longer."""
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                pointer = dot_git.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not pointer.startswith("gitdir:"):
                return None
            target = folder / pointer.removeprefix("gitdir:").strip()
            return target.resolve() if target.is_dir() else None
    return None


def _key_in(folder: Path) -> bytes:
    """The key kept in the Git folder, made now if there is none. It is written whole to a
    file of its own, then linked into place: no run ever reads half a key, and two runs
    starting at once end up with the same one."""
    path = folder / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    temporary = folder / f"{KEY_FILE}.tmp{os.getpid()}-{secrets.token_hex(4)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_SIZE))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # unlike a rename, never replaces a key made meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            os.rename(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        key = os.read(descriptor, KEY_SIZE + 1)
    finally:
        os.close(descriptor)
    if len(key) != KEY_SIZE:
        raise ValueError(f"{path} is not a key of {KEY_SIZE} bytes; delete it and a new one is made")
    return key


def fingerprint(schema_fingerprint: str, config: dict[str, Any], today: dt.date) -> str:
    """The one fingerprint of the store's entries: everything a finding depends on besides the
    records, the day included (the rules that count days judge otherwise on another). A memo of
    another day is then not read at all, as if there were none."""
    hasher = hashlib.blake2b(digest_size=10)
    config_text = json.dumps(config, sort_keys=True, default=str)
    for part in (schema_fingerprint.encode(), config_text.encode(), today.isoformat().encode(), code()):
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


def code() -> bytes:
    """Everything besides the records, schemas and settings that shapes a finding."""
    return b"\n".join(
        [package_digest(PACKAGE), hashlib.blake2b(fastyaml.reader_code()).digest(), "\n".join(runtime()).encode()]
    )


@functools.cache
def package_digest(package: Path) -> bytes:
    """A hash of every module of the package, names and contents."""
    hasher = hashlib.blake2b(digest_size=16)
    for module in sorted(package.rglob("*.py")):
        for part in (module.relative_to(package).as_posix().encode(), module.read_bytes()):
            hasher.update(len(part).to_bytes(8, "little"))
            hasher.update(part)
    return hasher.digest()


def runtime() -> list[str]:
    """Python's version and the versions of the libraries a finding depends on."""
    libyaml = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "none"
    found = [
        f"Python {sys.version} {sys.implementation.cache_tag}",
        f"PyYAML {yaml.__version__}, libyaml {libyaml}, used: {yamlstrict.LIBYAML}",
    ]
    return found + [f"{name} {installed(module, name)}" for module, name in LIBRARIES.items()]


def installed(module: str, name: str) -> str:
    """The version of a distribution, from the name of its .dist-info folder beside the module:
    asking importlib.metadata would cost 40 ms of imports on every run."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "absent"
    for entry in _listing(str(Path(spec.origin).parent.parent)):
        stem, _, version = entry.removesuffix(".dist-info").partition("-")
        if entry.endswith(".dist-info") and stem.lower().replace("-", "_").replace(".", "_") == name:
            return version
    # installed some other way (an egg, a zip): the slow question
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return f"unknown, at {spec.origin}"


@functools.cache
def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()
