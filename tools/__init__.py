"""The MCP tools: pydantic schemas (``schemas``) and thin functions over the rules core, one module each.

The tool modules import no MCP code, so the command line can use their functions without loading the SDK;
``all_tools`` (the server's entry point) loads it. Nothing is imported with this package: a command such as
``cpt97124-mcp validate`` loads only the tool module it uses (start-up time counts in batch runs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mcp.server.mcpserver.tools import Tool


def all_tools() -> list[Tool]:
    """Every tool the server publishes: strict about arguments, annotated read-only and idempotent."""
    from . import compute_units, estimate_payment, explain_rule, list_rules, validate_claim, validate_claim_line
    from .strict import strict_tool

    modules = (compute_units, explain_rule, list_rules, validate_claim_line, validate_claim, estimate_payment)
    return [strict_tool(getattr(m, m.__name__.rsplit(".", 1)[-1]), title=m.TITLE, description=m.DESCRIPTION)
            for m in modules]
