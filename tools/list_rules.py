"""The list_rules tool: every rule id of the catalog with its short title (``rules.catalog``); the rest of a rule
is explain_rule's (an assistant pays for every byte of a listing in its context)."""

from __future__ import annotations

from ..rules import data_version
from ..rules.catalog import all_rules
from .rule_schemas import ListRulesResult, RuleTitle

TITLE = "List the billing rules"
DESCRIPTION = """\
Every rule id this server can cite, with its short title. Call it to find a rule_id for explain_rule."""


def rules_listing() -> ListRulesResult:
    """The tool's structured output (the CLI's ``rules --json`` prints the same)."""
    return ListRulesResult(rules=[RuleTitle(rule_id=r.id, title=r.title) for r in all_rules()],
                           data_version=data_version())


async def list_rules() -> ListRulesResult:
    return rules_listing()
