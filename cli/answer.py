"""How a command shows a tool's answer: ``--json`` prints exactly the MCP tool's structured output (one JSON line),
otherwise the command's own view for people. Output that cannot be written (a full disk, a closed pipe's sibling
errors) ends the command with exit 4 and one line, never a traceback (contract, "Command line")."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

Answer = TypeVar("Answer", bound=BaseModel)
OUTPUT_FAILED = 4


def tool_command(subparsers: Any, name: str, summary: str, description: str, examples: str) -> argparse.ArgumentParser:
    """The parser of a command that answers with an MCP tool's output; ``--json`` prints that output as is.
    ``examples``: one command a line, indented, as the help's epilog shows them."""
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=summary, description=description,
                                                            epilog=f"examples:\n{examples}")
    parser.add_argument("--json", action="store_true", help="print the tool's structured output as JSON")
    return parser


def show(answer: Answer, as_json: bool, for_people: Callable[[Answer], None], done: int = 0) -> int:
    """Show ``answer``; ``done`` is the command's exit code when the output is written, else OUTPUT_FAILED."""
    try:
        if as_json:
            print(answer.model_dump_json())
        else:
            for_people(answer)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader stopped reading (`| head`): cli.main treats it as done
    except OSError as exc:
        print(f"cpt97124-mcp: the answer could not be written ({exc.strerror or type(exc).__name__})",
              file=sys.stderr)
        return OUTPUT_FAILED
    return done
