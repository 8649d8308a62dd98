"""``cpt97124-mcp explain RULE_ID | --topic TEXT [--minutes N] [--json]``: a rule with its sources (explain_rule)."""

from __future__ import annotations

import argparse
import shlex
import sys
import textwrap
from typing import TYPE_CHECKING, Any

from ..rules.errors import RuleInputError
from .answer import show, tool_command

if TYPE_CHECKING:
    from ..tools.rule_schemas import ExplainRuleResult

WIDTH = 100


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = tool_command(
        subparsers, "explain", "explain a billing rule with its sources (by id or by topic)",
        "Explain one billing rule: plain words, citations (document, section, URL), payers, misconceptions and, "
        "for unit rules, a worked example computed as cpt97124-mcp units would.",
        "  cpt97124-mcp explain units.cms-total-time --minutes 38\n"
        "  cpt97124-mcp explain --topic \"rule of eights\"\n"
        "  cpt97124-mcp explain --topic \"KX modifier threshold\" --json\n"
        "  cpt97124-mcp rules                      every rule id")
    parser.add_argument("rule_id", nargs="?", metavar="RULE_ID", help="a rule id, e.g. units.cms-total-time")
    parser.add_argument("--topic", metavar="TEXT", help="free text instead of an id, e.g. \"8 minute rule\"")
    parser.add_argument("--minutes", type=int, metavar="N", help="compute the worked example for N minutes")
    return parser


def _paragraph(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def _bullet(text: str) -> str:
    return textwrap.fill(f"- {text}", WIDTH, initial_indent="  ", subsequent_indent="    ",
                         break_long_words=False, break_on_hyphens=False)


def print_explanation(result: ExplainRuleResult) -> None:
    print(f"{result.rule_id}: {result.title}")
    print(f"Applies to: {', '.join(result.applies_to)}\n")
    print(_paragraph(result.summary, ""))
    print("\n" + _paragraph(result.explanation))
    print("\nSources:")
    for c in result.citations:
        print(_bullet(f"{c.source}, {c.section} [{c.confidence}]" + (f" {c.url}" if c.url else "")))
    if result.example:
        print(f"\nWorked example: {result.example.summary}")
        for step in result.example.result.steps:
            print(_bullet(step))
    if result.misconceptions:
        print("\nCommon misconceptions:")
        for item in result.misconceptions:
            print(_bullet(item))
    print(f"\nRelated: {', '.join(result.related)}")
    for note in result.notes:
        print(f"Note: {note}")
    print(f"Data: {result.data_version}")


def in_cli_terms(error: RuleInputError, args: argparse.Namespace) -> str:
    """The core's message as a terminal user reads it: commands and flags, not tool names and arguments; an
    unknown rule id given as words suggests --topic."""
    text = str(error).replace("list_rules lists", "cpt97124-mcp rules lists").replace("'topic'", "--topic")
    words = args.rule_id is not None and ("." not in args.rule_id or " " in args.rule_id.strip())
    if error.field == "rule_id" and words and args.topic is None:
        text += f"\n  for free text, try: cpt97124-mcp explain --topic {shlex.quote(args.rule_id)}"
    return text


def run(args: argparse.Namespace) -> int:
    from ..tools.explain_rule import explanation  # loaded by the command that uses it (start-up time)

    try:
        result = explanation(args.rule_id, args.topic, args.minutes)
    except RuleInputError as exc:
        print(f"cpt97124-mcp explain: {in_cli_terms(exc, args)}", file=sys.stderr)
        return 2
    return show(result, args.json, print_explanation)
