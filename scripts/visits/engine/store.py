"""One store for everything a later run reuses: .cache/visits/store.sqlite, safe to delete.

It holds two entries: `memo` (every file's stamp and digest, the ties of visits and
expenses, the records of the other kinds, and the last run's findings: memo.py) and
`journal` (what changed since the memo was written whole). An entry is a
sequence of marshalled parts, one row each, and a seal: the fingerprint it was made for
(cachekey.fingerprint: the package's code, the schemas, the settings, the libraries'
versions, the day) and an HMAC-SHA-256, made with the checkout's key (cachekey.secret), of the
entry's name, that fingerprint and every part.

Nothing is unmarshalled before the MAC verifies: marshal is not meant for bytes someone
else chose. An entry made for another fingerprint is not found; one that does not verify
reads as nothing, with the reason, and the run writes it again; a database sqlite cannot
read is deleted and made anew. There is no rollback journal: a save cut short leaves an
entry without its seal, which reads as missing.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import marshal
import sqlite3
from pathlib import Path
from typing import Any

CACHE_DIR = ".cache/visits"
STORE = "store.sqlite"
_TABLES = (
    "CREATE TABLE IF NOT EXISTS seals (entry TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, mac BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS parts (entry TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, "
    "PRIMARY KEY (entry, seq)) WITHOUT ROWID",
)


def store_file(root: Path) -> Path:
    return Path(root) / CACHE_DIR / STORE


def _mac(key: bytes, entry: str, fingerprint: str) -> Any:
    """Begun with the entry's name and fingerprint: an entry made for other inputs, or another
    entry, cannot stand in for it."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    mac.update(f"{entry}\0{fingerprint}\0".encode())
    return mac


class Store:
    """The store of the repository at root, opened on first use. `problem` says why it was
    rebuilt or cannot be used, for --verbose."""

    def __init__(self, root: Path, key: bytes):
        self.file = store_file(root)
        self.key = key
        self.problem = ""
        self._db: sqlite3.Connection | None = None
        self._unusable = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._unusable:
            for attempt in range(2):
                try:
                    self._db = self._open()
                    break
                except sqlite3.DatabaseError as exc:  # not a database, or a damaged one
                    self.close()
                    if attempt or not self.file.is_file():
                        self._unusable, self.problem = True, f"no cache: {self.file} cannot be used ({exc})"
                        break
                    self.problem = f"cache file damaged ({exc}); starting afresh"
                    self.file.unlink(missing_ok=True)
                except OSError as exc:
                    self._unusable, self.problem = True, f"no cache: {self.file} cannot be used ({exc})"
                    break
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.file, timeout=30, isolation_level=None)
        self._db = db
        db.execute("PRAGMA page_size = 65536")  # parts are megabytes: fewer, larger pages
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")  # a part lost in a crash fails the MAC: rebuilt
        for table in _TABLES:
            db.execute(table)
        db.execute("SELECT count(*) FROM seals").fetchone()  # a damaged file says so now
        return db

    def damaged(self, exc: sqlite3.DatabaseError) -> str:
        """Say so, and start a new store in its place: sqlite found pages it cannot read."""
        self.close()
        self.file.unlink(missing_ok=True)
        self.problem = f"cache file damaged ({exc}); starting afresh"
        return self.problem

    def news(self) -> str:
        """What went wrong with the store so far, once: the run's notes take it."""
        self._connection()
        news, self.problem = self.problem, ""
        return news

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def sealed_for(self, entry: str) -> str | None:
        """The fingerprint the entry was sealed for, or None when there is none."""
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT fingerprint FROM seals WHERE entry = ?", (entry,)).fetchone()
        except sqlite3.DatabaseError as exc:
            self.damaged(exc)
            return None
        return row[0] if row else None

    def read(self, entry: str, fingerprint: str) -> tuple[list[Any] | None, str]:
        """(parts, "") of an entry sealed for this fingerprint with this key, or (None, why not):
        no reason when there is none, or only one made for other inputs."""
        db = self._connection()
        if db is None:
            return None, ""
        try:
            seal = db.execute("SELECT fingerprint, mac FROM seals WHERE entry = ?", (entry,)).fetchone()
            if seal is None or seal[0] != fingerprint:
                return None, ""
            bodies = [row[0] for row in db.execute("SELECT body FROM parts WHERE entry = ? ORDER BY seq", (entry,))]
        except sqlite3.DatabaseError as exc:
            self.damaged(exc)
            return None, self.news()
        mac = _mac(self.key, entry, fingerprint)
        for body in bodies:
            mac.update(len(body).to_bytes(8, "little"))
            mac.update(body)
        if type(seal[1]) is not bytes or not hmac.compare_digest(mac.digest(), seal[1]):
            return None, (
                f"cache entry {entry} damaged or not written with this checkout's key "
                "(it does not verify); starting afresh"
            )
        collecting = gc.isenabled()
        gc.disable()  # building many small objects: the collector would only slow it down
        try:
            return [marshal.loads(body) for body in bodies], ""
        except (ValueError, EOFError, TypeError) as exc:
            return None, f"cache entry {entry} damaged ({exc}); starting afresh"
        finally:
            if collecting:
                gc.enable()

    def write(self, entry: str, fingerprint: str, parts: list[Any]) -> None:
        """Replace the entry by these parts, marshalled one at a time (the previous one is freed
        first), then sealed: an entry cut short has no seal and reads as missing."""
        self.drop(entry)  # a damaged store is made anew here
        db = self._connection()
        if db is None:
            raise OSError(self.problem or "the cache cannot be written")
        mac = _mac(self.key, entry, fingerprint)
        try:
            for seq, part in enumerate(parts):
                payload = marshal.dumps(part)
                mac.update(len(payload).to_bytes(8, "little"))
                mac.update(payload)
                db.execute("INSERT INTO parts VALUES (?, ?, ?)", (entry, seq, payload))
                del payload
            db.execute("INSERT INTO seals VALUES (?, ?, ?)", (entry, fingerprint, mac.digest()))
        except sqlite3.DatabaseError as exc:  # a full disk, a file removed under the run
            self.drop(entry)
            raise OSError(f"the cache could not be written ({exc})") from exc

    def drop(self, *entries: str) -> None:
        db = self._connection()
        if db is None:
            return
        try:
            for entry in entries:
                db.execute("DELETE FROM seals WHERE entry = ?", (entry,))
                db.execute("DELETE FROM parts WHERE entry = ?", (entry,))
        except sqlite3.DatabaseError as exc:
            self.damaged(exc)

    def entries(self) -> list[str]:
        """The entries sealed, for the tests and --verbose."""
        db = self._connection()
        return [] if db is None else [row[0] for row in db.execute("SELECT entry FROM seals ORDER BY entry")]
