"""Reaching into a checkout's store (.cache/visits/store.sqlite) as a forger or a failing disk would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from visits.engine.cachekey import secret
from visits.engine.store import Store, store_file


def store_of(root: Path, key: bytes | None = None) -> Store:
    return Store(root, key if key is not None else secret(root)[0])


def parts_of(root: Path, entry: str) -> tuple[list, str]:
    """(parts, fingerprint) of an entry as the run left it."""
    store = store_of(root)
    fingerprint = store.sealed_for(entry)
    assert fingerprint is not None, f"no entry {entry} in the store"
    parts, problem = store.read(entry, fingerprint)
    assert parts is not None, problem
    store.close()
    return parts, fingerprint


def reseal(root: Path, entry: str, change, key: bytes | None = None) -> None:
    """Rewrite an entry after `change(parts)` (which may change the list in place or return a new
    one), sealed with this checkout's key or `key`: an entry that verifies, or not, with contents
    no run of this code wrote."""
    parts, fingerprint = parts_of(root, entry)
    changed = change(parts)
    store = store_of(root, key)
    store.write(entry, fingerprint, parts if changed is None else changed)
    store.close()


def raw_rows(root: Path, entry: str) -> list[bytes]:
    with sqlite3.connect(store_file(root)) as db:
        return [row[0] for row in db.execute("SELECT body FROM parts WHERE entry = ? ORDER BY seq", (entry,))]


def put_rows(root: Path, entry: str, bodies: list[bytes], mac: bytes | None = None) -> None:
    """Replace an entry's parts by these bytes, keeping its seal (or with this MAC)."""
    db = sqlite3.connect(store_file(root))
    with db:
        db.execute("DELETE FROM parts WHERE entry = ?", (entry,))
        db.executemany("INSERT INTO parts VALUES (?, ?, ?)", [(entry, seq, body) for seq, body in enumerate(bodies)])
        if mac is not None:
            db.execute("UPDATE seals SET mac = ? WHERE entry = ?", (mac, entry))
    db.close()


def flip(root: Path, entry: str, back: int = 50) -> None:
    """One bit changed in the last part of an entry, `back` bytes from its end."""
    bodies = raw_rows(root, entry)
    last = bodies[-1]
    at = max(len(last) - back, 0)
    put_rows(root, entry, [*bodies[:-1], last[:at] + bytes([last[at] ^ 1]) + last[at + 1 :]])


def entries(root: Path) -> list[str]:
    store = store_of(root)
    found = store.entries()
    store.close()
    return found
