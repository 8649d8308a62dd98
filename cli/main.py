"""The command line: ``cpt97124-mcp`` with no arguments runs the stdio MCP server chat clients launch.

Each subcommand lives in its own module ``cli/<name>.py`` exposing ``add_parser(subparsers)`` and
``run(args) -> int``; COMMANDS lists them. Exit codes (contract, "Command line"): 0 done, 1 error findings,
2 bad usage or input, 3 done but some results incomplete, 4 aborted: results incomplete.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from .. import __version__
from . import data, estimate, explain, rules, serve, units, validate

COMMANDS = (serve, units, validate, explain, rules, data, estimate)


class CommandParser(argparse.ArgumentParser):
    """An argument parser that prints descriptions and examples as written; its subcommands' parsers are too."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"formatter_class": argparse.RawDescriptionHelpFormatter, **kwargs})


class VersionAction(argparse.Action):
    """``--version``: the version and whether the rules core runs compiled (imported only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from ..rules import build

        print(f"{parser.prog} {__version__} (rules core: {build()})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="cpt97124-mcp",
        description="CPT 97124 billing units and claim checks: MCP server and command line.",
        epilog="With no command, runs the MCP server over stdio (what Claude Desktop, VS Code and Cursor launch).\n\n"
               "examples:\n  cpt97124-mcp units 97110=33 97140=7\n  cpt97124-mcp validate claims.csv --json\n"
               "  cpt97124-mcp estimate 97530 97110x2 97140 --date 2025-06-02\n"
               "  cpt97124-mcp serve --http\n  cpt97124-mcp COMMAND --help",
    )
    parser.add_argument("--version", action=VersionAction, help="show the version and the rules core's build")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        sub = command.add_parser(subparsers)
        sub.set_defaults(run=command.run, command_parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # a wrong flag: the subcommand's usage, not the top-level one
        getattr(args, "command_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command is None:
        return serve.run_stdio()
    try:
        result: int = args.run(args)
    except BrokenPipeError:  # the reader (`| head`) stopped reading: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python docs, "Note on SIGPIPE"
        return 0
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
