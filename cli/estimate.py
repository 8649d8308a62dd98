"""``cpt97124-mcp estimate``: what Medicare allows and pays for one visit, as a table or JSON.

Exit codes (contract, "Command line"): 0 done, 2 bad usage or input, 3 done but incomplete (no RVUs for the year,
a code not priced).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING, Any

from ..rules import RuleInputError
from .answer import show, tool_command

if TYPE_CHECKING:
    from ..rules.payment import PaymentLine
    from ..tools.payment_schemas import EstimatePaymentResult

LINE = re.compile(r"(?P<code>[0-9A-Za-z]{5})(?:[xX*](?P<units>\d{1,3}))?(?::(?P<mods>[A-Za-z0-9,]+))?")
EXAMPLES = """\
  cpt97124-mcp estimate 97530 97110x2 97140 --date 2025-06-02           national (all GPCIs 1.0)
  cpt97124-mcp estimate 97530 97110x2:GP,CQ 97140 --date 2025-06-02     97110 by a PTA (CQ): 85%
  cpt97124-mcp estimate 97530 97110x2 97140 --date 2025-06-02 --locality 13202-01 --json
  cpt97124-mcp estimate 97110=33 97140=10 --date 2025-06-02             units from minutes (CMS 8-minute rule)"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = tool_command(
        subparsers, "estimate", "what Medicare allows and pays for a visit (RVUs, GPCIs, MPPR, CQ/CO, coinsurance)",
        "Medicare allowed amount and payment for the lines of one date of service.", EXAMPLES)
    parser.add_argument("lines", nargs="+", metavar="CODE[xUNITS][:MODS]",
                        help="a line (97110x2, 97110x2:GP,CQ), or CODE=MINUTES forms as in `units`")
    parser.add_argument("--date", help="date of service, ISO (default today)")
    parser.add_argument("--locality", help="MAC-locality such as 13202-01, or a state with one locality "
                                           "(default national)")
    return parser


def parse_line(text: str) -> PaymentLine:
    """``97110x2:GP,CQ`` -> PaymentLine('97110', 2, ('GP', 'CQ')); ``97530`` -> one unit, no modifiers."""
    from ..rules.payment import PaymentLine

    match = LINE.fullmatch(text.strip())
    if match is None:
        raise RuleInputError(text, "not a line", "CODE, CODExUNITS or CODExUNITS:MOD,MOD, e.g. 97110x2:GP,CQ")
    mods = tuple(m.upper() for m in (match["mods"] or "").split(",") if m)
    return PaymentLine(match["code"].upper(), int(match["units"] or 1), mods)


def print_estimate(result: EstimatePaymentResult) -> None:
    """The answer for people: one row per line, the visit's totals, steps, what was not checked."""
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("code", "units", "modifiers", "allowed", "without MPPR", "note"):
        table.add_column(column, justify="right" if column in ("units", "allowed", "without MPPR") else "left")
    for ln in result.lines:
        table.add_row(ln.code, str(ln.units), ",".join(ln.modifiers), _money(ln.allowed),
                      _money(ln.allowed_without_mppr), ln.not_paid or "")
    console = Console(highlight=False)
    console.print(table)
    pay = result.medicare_payment
    lines = [f"\n{result.date_of_service} {result.locality_name}: allowed {_money(result.allowed_total)} (without "
             f"MPPR {_money(result.allowed_without_mppr)}), coinsurance {_money(result.coinsurance)}"]
    if pay is not None:
        lines += [f"Medicare pays {_money(pay.before_sequestration)} before and {_money(pay.after_sequestration)} "
                  f"after sequestration ({pay.sequestration_rate:.0%})."]
    lines += [f"Status: {result.status}; data: {result.data_version}", "Steps:",
              *(f"  - {step}" for step in result.steps), *(f"Note: {note}" for note in result.notes),
              *(f"Not checked: {n.reason}; {n.how_to_run}" for n in result.not_checked),
              "Rules: " + ", ".join(result.rule_ids)]
    console.print("\n".join(lines), markup=False, soft_wrap=True)


def _money(amount: float | None) -> str:
    return "-" if amount is None else f"${amount:,.2f}"


def run(args: argparse.Namespace) -> int:
    from ..rules.claims.normalize import parse_date
    from ..tools.estimate_payment import payment_for
    from .units import parse_service

    try:
        services = [parse_service(s) for s in args.lines] if any("=" in s for s in args.lines) else None
        lines = [] if services else [parse_line(s) for s in args.lines]
        result = payment_for(lines, services, parse_date(args.date), args.locality)
    except RuleInputError as exc:
        print(f"cpt97124-mcp estimate: {exc.field}: {exc.problem}; allowed: {exc.allowed}", file=sys.stderr)
        return 2
    return show(result, args.json, print_estimate, 0 if result.status == "clean" else 3)
