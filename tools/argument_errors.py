"""Argument errors in the caller's terms: each bad field, the value given (shortened) and what is allowed.

Shared by the MCP tools (``strict``) and the batch command line, so both word a bad input alike.
"""

from __future__ import annotations

from pydantic import ValidationError


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('services', 0, 'minutes')`` -> ``services[0].minutes``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def describe_validation_error(tool: str, error: ValidationError, allowed_arguments: list[str]) -> str:
    """One line per problem: the field, the value given (shortened) and what is allowed."""
    problems = []
    for item in error.errors(include_url=False):
        path = field_path(tuple(p for p in item["loc"] if p not in ("function-after",)))
        if item["type"] == "extra_forbidden":
            where = "argument" if len(item["loc"]) == 1 else "field"
            hint = f" (allowed arguments: {', '.join(allowed_arguments)})" if len(item["loc"]) == 1 else ""
            problems.append(f"unknown {where} '{path}'{hint}")
        elif item["type"] == "missing":
            problems.append(f"'{path}' is required")
        else:
            value = repr(item.get("input"))
            value = value if len(value) <= 40 else value[:37] + "..."
            problems.append(f"'{path}' = {value}: {item['msg']}")
    return f"Invalid arguments for {tool}: " + "; ".join(problems)
