"""What `visits serve` needs besides the build: a local web server for the built sites and
a watch on the files they are made from.

The server answers on 127.0.0.1 only. A missing page gets the 404 page of the site it
belongs to, with status 404; that page's links are relative to its own folder, so for an
address in a deeper folder the response says where that folder is (a <base> element in the
served copy only; the built file stays as it is).
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import os
import threading
from pathlib import Path

# What the sites are made from, relative to the repository.
WATCHED = ("records", "docs", "schemas", "visits.yml", "mkdocs.yml")

HOME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>visits serve</title></head>
<body><h1>Sites built by visits serve</h1><ul>{links}</ul></body></html>
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # one line per file fetched would drown the build messages

    def send_head(self):
        root = Path(self.directory)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/":
            return self._send(200, self._home(root))
        target = Path(self.translate_path(self.path))
        if target.exists():
            return super().send_head()
        return self._send(404, self._not_found(root, target))

    def _home(self, root: Path) -> bytes:
        links = "".join(
            f'<li><a href="{html.escape(site)}/index.html">{html.escape(site)}</a></li>'
            for site in sorted(os.listdir(root))
            if (root / site / "index.html").is_file()
        )
        return HOME.format(links=links or "<li>nothing built yet: see the terminal</li>").encode("utf-8")

    def _not_found(self, root: Path, target: Path) -> bytes:
        for folder in target.parents:
            if folder != root and root not in folder.parents:
                break
            page = folder / "404.html"
            if page.is_file():
                text = page.read_text(encoding="utf-8")
                if folder != target.parent:
                    base = "/" + folder.relative_to(root).as_posix() + "/"
                    text = text.replace("<head>", f'<head><base href="{html.escape(base)}">', 1)
                return text.encode("utf-8")
        return b"<!doctype html><title>Not found</title><h1>404 - Not found</h1>"

    def _send(self, status: int, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def start_server(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1:`port` from a background thread (OSError if taken)."""
    folder.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="visits-serve", daemon=True).start()
    return server


def snapshot(root: Path) -> frozenset:
    """(path, modification time, size) of every watched file: a change of any is a new value."""
    stamps = []
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else (path for path in top.rglob("*") if path.is_file()) if top.is_dir() else []
        for path in paths:
            try:
                status = path.stat()
            except OSError:  # removed while we looked: the next look sees it gone
                continue
            stamps.append((str(path), status.st_mtime_ns, status.st_size))
    return frozenset(stamps)
