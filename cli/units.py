"""``cpt97124-mcp units``: billable units for minutes, CMS and AMA side by side, as a table or JSON."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..rules import RuleInputError, Service
from ..rules.types import Method
from .answer import show, tool_command

if TYPE_CHECKING:
    from ..tools.schemas import ComputeUnitsResult


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = tool_command(
        subparsers, "units", "billable units for minutes (CMS 8-minute rule and AMA midpoint rule)",
        "Billable units for the services of one date of service.",
        "  cpt97124-mcp units 38                    97124 for 38 minutes, CMS\n"
        "  cpt97124-mcp units 97110=33 97140=7      two timed codes, pooled (CMS)\n"
        "  cpt97124-mcp units 97110=33 97140=7 --method ama --json\n"
        "  cpt97124-mcp units 97124=20 97010        an untimed code counts 1 unit\n"
        "  cpt97124-mcp units 97110=8@pt 97530=8@ot PT and OT minutes pooled apart (CMS)")
    parser.add_argument("services", nargs="+", metavar="CODE=MINUTES",
                        help="CODE=MINUTES, MINUTES alone (97124), or CODE alone (untimed); @pt, @ot or @slp after "
                             "it names the plan of care whose minutes it joins")
    parser.add_argument("--method", type=str.lower, choices=[m.value for m in Method], default=Method.CMS.value,
                        help="unit method (default cms)")
    return parser


def parse_service(text: str) -> Service:
    """``97110=33`` -> Service('97110', 33); ``38`` -> Service('97124', 38); ``97010`` -> untimed listing;
    ``97110=8@pt`` -> Service('97110', 8, discipline='pt')."""
    text, at, discipline = text.partition("@")
    if at:
        return replace(parse_service(text), discipline=discipline)
    code, sep, minutes = text.partition("=")
    if not sep:
        if text.isdigit() and len(text) < 5:
            return Service("97124", int(text))
        return Service(code)
    if minutes.strip().startswith("-") and minutes.strip()[1:].isdigit():
        raise RuleInputError(text, f"minutes {minutes.strip()} are negative", "whole minutes 0 or more, e.g. 97110=33")
    if not minutes.strip().isdigit():
        raise RuleInputError(text, f"minutes {minutes!r} are not a whole number", "CODE=MINUTES, e.g. 97110=33")
    return Service(code, int(minutes))


def cli_argument(field: str, services: list[str]) -> str:
    """``services[1].code`` -> ``argument 2 '9712=5' (code)``: the error names what the user typed."""
    match = re.fullmatch(r"services\[(\d+)\]\.?(.*)", field)
    if match is None or int(match[1]) >= len(services):
        return field
    where = f" ({match[2]})" if match[2] else ""
    return f"argument {int(match[1]) + 1} {services[int(match[1])]!r}{where}"


def print_units(result: ComputeUnitsResult) -> None:
    """The answer for people: a table of the codes under both methods (rich), the total, ties, steps, notes."""
    from rich.console import Console
    from rich.table import Table

    other = result.other_method
    table = Table(box=None, pad_edge=False)
    for column in ("code", "minutes", "timed", f"{result.method} units", f"{other.method} units", "label"):
        table.add_column(column, justify="right" if column.endswith(("minutes", "units")) else "left")
    for ln, o in zip(result.lines, other.lines, strict=True):
        table.add_row(ln.code, str(ln.minutes), "yes" if ln.timed else "no", str(ln.units), str(o.units),
                      ln.label or "")
    console = Console(highlight=False)
    console.print(table)
    lines = [f"\nTotal: {result.total_units} units ({result.total_timed_units} timed from "
             f"{result.total_timed_minutes} timed minutes) under {result.method.upper()}; "
             f"{other.method.upper()} would give {other.total_timed_units} timed units."]
    lines += [f"Alternative {n}: " + ", ".join(f"{ln.code} x {ln.units}" for ln in alt)
              for n, alt in enumerate(result.alternatives, 1)]
    lines += ["\nSteps:", *(f"  - {step}" for step in result.steps), *(f"Note: {note}" for note in result.notes),
              "Rules: " + ", ".join(result.rule_ids)]
    console.print("\n".join(lines), markup=False, soft_wrap=True)


def run(args: argparse.Namespace) -> int:
    from ..tools.compute_units import units_for  # loaded by the command that uses it (start-up time)

    try:
        result = units_for([parse_service(s) for s in args.services], Method(args.method))
    except RuleInputError as exc:
        print(f"cpt97124-mcp units: {cli_argument(exc.field, args.services)}: {exc.problem}; allowed: {exc.allowed}",
              file=sys.stderr)
        return 2
    return show(result, args.json, print_units)
