"""The list_rules tool: every rule id of the catalog with its title and summary (``rules.catalog``)."""

from __future__ import annotations

from ..rules import data_version
from ..rules.catalog import all_rules
from .explain_rule import brief
from .rule_schemas import ListRulesResult

TITLE = "List the billing rules"
DESCRIPTION = """\
Every rule id this server can cite (unit rules, claim-line checks, modifiers, providers, NCCI edits, \
payment), each with its title, one-sentence summary and payers. Call it to find a rule id to pass to \
explain_rule, or to see what the checks cover. Takes no arguments."""


def rules_listing() -> ListRulesResult:
    """The tool's structured output (the CLI's ``rules --json`` prints the same)."""
    return ListRulesResult(rules=[brief(r) for r in all_rules()], data_version=data_version())


async def list_rules() -> ListRulesResult:
    return rules_listing()
