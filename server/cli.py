"""The command line: ``cpt97124-mcp`` with no arguments runs the stdio MCP server chat clients launch.

Each subcommand lives in its own module ``server/cli_<name>.py`` exposing ``add_parser(subparsers)`` and
``run(args) -> int``; COMMANDS lists them. Exit codes (contract, "Command line"): 0 done, 1 error findings,
2 bad usage or input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from . import cli_serve, cli_units

COMMANDS = (cli_serve, cli_units)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpt97124-mcp",
        description="CPT 97124 billing units and claim checks: MCP server and command line.",
        epilog="With no command, runs the MCP server over stdio (what Claude Desktop, VS Code and Cursor launch).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers).set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        return cli_serve.run_stdio()
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
