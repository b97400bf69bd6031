"""`zhevents serve`: the JSON API and the web explorer over a store, on loopback by default."""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from typing import Any

from zhevents.store import DEFAULT_DB

TOKEN_ENV = "ZHEVENTS_TOKEN"


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="serve the JSON API and the web explorer over a store",
        description="Serve the read-only JSON API (/api/…, docs at /docs) and the offline web explorer (/). "
                    "POST /api/pages (ingest a page) exists only with --token, and then requires "
                    "'Authorization: Bearer TOKEN'.")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default: {DEFAULT_DB})")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--token", default=None,
                        help=f"enable the write endpoint with this bearer token (or set {TOKEN_ENV})")
    parser.set_defaults(run=run)


LISTEN_BACKLOG = 2048  # uvicorn's default


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from zhevents.api.app import create_app
    from zhevents.cli import UserError

    token = args.token or os.environ.get(TOKEN_ENV) or None
    try:
        app = create_app(args.db, token=token)
    except (FileNotFoundError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    if not _is_loopback(args.host):
        print(f"warning: serving on {args.host}, reachable from other machines", file=sys.stderr)
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc}") from exc
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    mode = "read-write: POST /api/pages needs the token" if token else "read-only"
    print(f"zhevents explorer: http://{shown}:{port}/  (API docs /docs; {mode}; Ctrl-C stops)", flush=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _bind(host: str, port: int) -> socket.socket:
    """Bind and listen first, so the printed URL carries the real port (also when --port 0 picks one) and
    accepts connections at once: a client that reads the URL may connect before the server loop starts (the
    connection waits in the backlog instead of being refused)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(LISTEN_BACKLOG)
    sock.set_inheritable(True)
    return sock
