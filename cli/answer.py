"""How a command shows a tool's answer: ``--json`` prints exactly the MCP tool's structured output (one JSON line),
otherwise the command's own view for people."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

Answer = TypeVar("Answer", bound=BaseModel)


def show(answer: Answer, as_json: bool, for_people: Callable[[Answer], None]) -> None:
    if as_json:
        print(answer.model_dump_json())
    else:
        for_people(answer)
