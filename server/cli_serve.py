"""``cpt97124-mcp serve``: run the MCP server (stdio by default)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve", help="run the MCP server (stdio unless --http)",
        description="Run the MCP server over stdio (the default, what chat clients launch).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  cpt97124-mcp serve            stdio (same as plain cpt97124-mcp)")
    parser.add_argument("--http", action="store_true", help="serve streamable HTTP instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
    return parser


def run_stdio() -> int:
    from .app import build_server

    build_server().run("stdio")
    return 0


def run(args: argparse.Namespace) -> int:
    if not args.http:
        return run_stdio()
    print("cpt97124-mcp serve: --http is not available yet", file=sys.stderr)
    return 2
