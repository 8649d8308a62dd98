"""``cpt97124-mcp rules [--json]``: every rule id with its title (list_rules)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .answer import show, tool_command

if TYPE_CHECKING:
    from ..tools.rule_schemas import ListRulesResult


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    return tool_command(subparsers, "rules", "list every rule id with its title",
                        "List every rule id the tools can cite, with its title.",
                        "  cpt97124-mcp rules\n  cpt97124-mcp rules --json\n"
                        "  cpt97124-mcp explain RULE_ID           one rule in full")


def run(args: argparse.Namespace) -> int:
    from ..tools.list_rules import rules_listing  # loaded by the command that uses it (start-up time)

    return show(rules_listing(), args.json, print_listing)


def print_listing(listing: ListRulesResult) -> None:
    width = max(len(r.rule_id) for r in listing.rules)
    for r in listing.rules:
        print(f"{r.rule_id.ljust(width)}  {r.title}")
    print(f"\n{len(listing.rules)} rules; cpt97124-mcp explain RULE_ID for one in full. Data: {listing.data_version}")
