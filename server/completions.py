"""Completions (``completion/complete``): rule ids for the ``rule_id`` of the rules://rule/{rule_id} template (and
of any prompt argument of that name), payers for a prompt's ``payer``, as the user types."""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer
from mcp_types import Completion, PromptReference, ResourceTemplateReference

from ..rules.catalog import all_rules
from ..rules.types import Payer

RULE_TEMPLATE = "rules://rule/{rule_id}"
MAX_VALUES = 100  # the protocol's limit per answer


def choices(argument: str, ref: Any) -> list[str]:
    """The values an argument takes, or none for a free-text argument."""
    if argument == "rule_id" and (isinstance(ref, PromptReference) or
                                  (isinstance(ref, ResourceTemplateReference) and ref.uri == RULE_TEMPLATE)):
        return [r.id for r in all_rules()]
    if argument == "payer" and isinstance(ref, PromptReference):
        return [str(p) for p in Payer]
    return []


def completion(values: list[str], typed: str) -> Completion:
    """Values starting with what was typed first, then those containing it (case ignored)."""
    text = typed.strip().lower()
    ranked = [v for v in values if v.startswith(text)] + [v for v in values if text in v and not v.startswith(text)]
    return Completion(values=ranked[:MAX_VALUES], total=len(ranked), has_more=len(ranked) > MAX_VALUES)


def register_completions(server: MCPServer) -> None:
    @server.completion()
    async def complete(ref: Any, argument: Any, context: Any) -> Completion | None:
        values = choices(argument.name, ref)
        return completion(values, argument.value) if values else None
