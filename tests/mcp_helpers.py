"""Helpers shared by the protocol tests: how to reach the server, and what a result holds."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from mcp import StdioServerParameters


def console_script() -> str:
    """The installed ``cpt97124-mcp`` beside this interpreter (the venv the package was installed into)."""
    beside = Path(sys.executable).parent / "cpt97124-mcp"
    found = str(beside) if beside.exists() else shutil.which("cpt97124-mcp")
    if not found:
        raise FileNotFoundError("the cpt97124-mcp console script is not installed in this environment")
    return found


def stdio_parameters(**env: str) -> StdioServerParameters:
    return StdioServerParameters(command=console_script(), args=[], env=env or None)


def error_text(result: Any) -> str:
    assert result.is_error, f"expected an error result, got {result.structured_content}"
    return str(result.content[0].text)
