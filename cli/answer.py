"""How a command shows a tool's answer: ``--json`` prints exactly the MCP tool's structured output (one JSON line),
otherwise the command's own view for people. Output that cannot be written (a full disk, a closed pipe's sibling
errors) ends the command with exit 4 and one line, never a traceback (contract, "Command line")."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

Answer = TypeVar("Answer", bound=BaseModel)
OUTPUT_FAILED = 4


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
