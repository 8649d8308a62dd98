"""The MCP tools: pydantic schemas (``schemas``) and thin functions over the rules core, one module each."""

from mcp.server.mcpserver.tools import Tool

from . import compute_units, explain_rule, list_rules, validate_claim, validate_claim_line
from .strict import strict_tool

TOOL_MODULES = (compute_units, explain_rule, list_rules, validate_claim_line, validate_claim)


def all_tools() -> list[Tool]:
    """Every tool the server publishes: strict about arguments, annotated read-only and idempotent."""
    return [strict_tool(getattr(m, m.__name__.rsplit(".", 1)[-1]), title=m.TITLE, description=m.DESCRIPTION)
            for m in TOOL_MODULES]
