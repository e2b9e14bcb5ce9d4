"""visits serve: build both sites, serve them on this computer, rebuild when a source changes.

Like `mkdocs serve`, for both sites at once and with every check of `visits site`: a
change under records/, docs/ or schemas/, or of visits.yml or mkdocs.yml, rebuilds them
(once the files have stopped changing). A failed rebuild prints what is wrong and the
previous sites stay served. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from visits.commands import site
from visits.config import ConfigError
from visits.site.serving import snapshot, start_server

NAME = "serve"
HELP = "build both sites and serve them on 127.0.0.1, rebuilding when records or pages change"
POLL_SECONDS = 0.5
QUIET_SECONDS = 0.3  # how long the files must stay unchanged before a rebuild


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def configure(parser) -> None:
    parser.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default: 8000)")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the built sites (default: site/ in the repository)"
    )


def _build(args, io) -> None:
    started = time.monotonic()
    build_args = argparse.Namespace(**{**vars(args), "which": "all"})
    try:
        code = site.run(build_args, io)
    except ConfigError as exc:
        io.err.write(f"visits serve: {exc}\n")
        code = 1
    if code == 0:
        io.err.write(f"visits serve: built in {time.monotonic() - started:.1f} s\n")
    else:
        io.err.write("visits serve: the build failed (above); still serving the last sites built\n")
    io.err.flush()
    io.out.flush()


def run(args, io) -> int:
    args.out = (args.out or args.root / "site").resolve()
    try:
        server = start_server(args.out, args.port)
    except OSError as exc:
        io.err.write(f"visits serve: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); choose another --port\n")
        return 2
    try:
        seen = snapshot(args.root)
        _build(args, io)
        io.err.write(f"visits serve: serving the sites at http://127.0.0.1:{args.port}/ (Ctrl-C to stop)\n")
        io.err.flush()
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(args.root)
            if now == seen:
                continue
            while True:  # an editor or `git checkout` writes several files: wait for quiet
                time.sleep(QUIET_SECONDS)
                settled = snapshot(args.root)
                if settled == now:
                    break
                now = settled
            seen = now
            io.err.write("visits serve: files changed; rebuilding\n")
            _build(args, io)
    except KeyboardInterrupt:
        io.err.write("visits serve: stopped\n")
        return 0
    finally:
        server.shutdown()
        server.server_close()
