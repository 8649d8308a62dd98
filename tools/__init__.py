"""The MCP tools: pydantic schemas (``schemas``) and thin functions over the rules core, one module each.

The tool modules import no MCP code, so the command line can use their functions without loading the SDK;
``all_tools`` (the server's entry point) loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import compute_units, explain_rule, list_rules, validate_claim, validate_claim_line

if TYPE_CHECKING:
    from mcp.server.mcpserver.tools import Tool

TOOL_MODULES = (compute_units, explain_rule, list_rules, validate_claim_line, validate_claim)


def all_tools() -> list[Tool]:
    """Every tool the server publishes: strict about arguments, annotated read-only and idempotent."""
    from .strict import strict_tool

    return [strict_tool(getattr(m, m.__name__.rsplit(".", 1)[-1]), title=m.TITLE, description=m.DESCRIPTION)
            for m in TOOL_MODULES]
