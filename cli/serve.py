"""``cpt97124-mcp serve``: run the MCP server, over stdio (default) or streamable HTTP (``--http``).

HTTP settings (allowed hosts, origins, bearer token) are documented in ``server/http.py``.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from typing import Any

EPILOG = """\
examples:
  cpt97124-mcp serve                                   stdio (same as plain cpt97124-mcp)
  cpt97124-mcp serve --http                            http://127.0.0.1:8000/mcp
  cpt97124-mcp serve --http --port 9000
  CPT97124_HTTP_TOKEN=secret cpt97124-mcp serve --http --host 0.0.0.0 --allowed-host mcp.example.org

environment:
  CPT97124_HTTP_TOKEN       require "Authorization: Bearer <token>" (GET /health stays open)
  CPT97124_ALLOWED_HOSTS    comma-separated extra Host header values (loopback is always allowed)
  CPT97124_ALLOWED_ORIGINS  comma-separated extra Origin values

several workers: uvicorn --factory cpt97124_mcp.server.http:create_app --workers 2"""
LOOPBACK_BINDS = ("127.0.0.1", "localhost", "::1")
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
HTTP_ONLY = ("host", "port", "allowed_host", "allowed_origin")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the MCP server (stdio unless --http)",
        description="Run the MCP server over stdio (the default, what chat clients launch) or streamable HTTP "
                    "(stateless, JSON responses, MCP at /mcp, liveness at /health).", epilog=EPILOG)
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP instead of stdio")
    parser.add_argument("--host", help=f"HTTP bind address (default {DEFAULT_HOST}; needs --http)")
    parser.add_argument("--port", type=port_number, help=f"HTTP port (default {DEFAULT_PORT}; needs --http)")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="HOST",
                        help="a Host header to accept besides loopback, e.g. mcp.example.org (repeatable)")
    parser.add_argument("--allowed-origin", action="append", default=[], metavar="ORIGIN",
                        help="an Origin header to accept, e.g. https://app.example.org (repeatable)")
    parser.add_argument("--insecure-no-token", action="store_true",
                        help="allow a non-loopback --host without CPT97124_HTTP_TOKEN (anyone who can reach the "
                             "port can then call the tools)")
    return parser


def port_number(text: str) -> int:
    """argparse type: a TCP port 0..65535 (0 = any free port)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number; allowed: 0 to 65535")
    return int(text)


def run_stdio() -> int:
    import anyio

    from ..server.app import build_server
    from ..server.stdio import serve_stdio

    anyio.run(serve_stdio, build_server())  # our stdio transport (server/stdio.py)
    return 0


def port_free(host: str, port: int) -> str | None:
    """None when ``host:port`` can be listened on, else why not (one line, e.g. "address already in use")."""
    try:
        with socket.create_server((host, port)):
            return None
    except OSError as exc:
        return os.strerror(exc.errno) if exc.errno else str(exc)


def run_http(args: argparse.Namespace) -> int:
    import uvicorn

    from ..server.app import log_level
    from ..server.http import TOKEN_ENV, HttpSettings, create_app
    from ..server.limits import KEEP_ALIVE_S, HeaderTimeoutProtocol

    args.host = args.host or DEFAULT_HOST
    args.port = DEFAULT_PORT if args.port is None else args.port
    problem = port_free(args.host, args.port)
    if problem:
        print(f"cpt97124-mcp serve: cannot listen on {args.host}:{args.port}: {problem.lower()}", file=sys.stderr)
        return 2
    settings = HttpSettings.from_env(hosts=args.allowed_host, origins=args.allowed_origin)
    if args.host not in LOOPBACK_BINDS and not settings.token and not args.insecure_no_token:
        print(f"cpt97124-mcp serve: --host {args.host} listens beyond this machine: set {TOKEN_ENV} (clients then "
              "send Authorization: Bearer <token>), or pass --insecure-no-token", file=sys.stderr)
        return 2
    token = "bearer token required" if settings.token else "no token"
    print(f"cpt97124-mcp: MCP over streamable HTTP at http://{args.host}:{args.port}/mcp ({token})", file=sys.stderr)
    if args.host not in LOOPBACK_BINDS:
        if not settings.allowed_hosts:
            print("cpt97124-mcp: note: only loopback Host headers are accepted; add --allowed-host NAME "
                  "for the name clients use", file=sys.stderr)
        if not settings.token:
            print(f"cpt97124-mcp: warning: listening beyond this machine without a token (--insecure-no-token); "
                  f"set {TOKEN_ENV}", file=sys.stderr)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=log_level().lower(),
                http=HeaderTimeoutProtocol, timeout_keep_alive=KEEP_ALIVE_S)
    return 0


def run(args: argparse.Namespace) -> int:
    if not args.http:
        given = [f"--{name.replace('_', '-')}" for name in HTTP_ONLY if getattr(args, name) not in (None, [])]
        if given:
            args.command_parser.error(f"{', '.join(given)} needs --http (without it the server speaks stdio)")
        return run_stdio()
    return run_http(args)
