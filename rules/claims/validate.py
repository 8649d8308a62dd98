"""validate_line and validate_claim: every check over a claim, filtered by the payer profile.

Line checks run on each line; the date-of-service checks run once (for ``validate_line`` their findings
are reported with the line). A finding whose rule does not apply to the payer is not reported, and a check
that can emit no rule the payer applies (``model.emits``) is not run at all.
``valid`` is false exactly when an error is found; the suggested line applies the mechanical repairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..data_files import data_version
from ..errors import RuleInputError
from ..limits import MAX_MODIFIERS
from ..ncci.store import NcciTables, open_tables
from ..units import METHODS, Method
from . import (
    checks_assistants,
    checks_kx,
    checks_modifiers,
    checks_ncci,
    checks_payment,
    checks_providers,
    checks_services,
    checks_units,
)
from .model import Claim, ClaimLine, Finding, Payer
from .normalize import (
    LineLike,
    check_day_minutes,
    check_line_count,
    normalize_line,
    parse_date,
    parse_plan,
    parse_provider,
    parse_ytd,
)
from .profiles import profile

LineCheck = Callable[[Claim, int], list[Finding]]
DayCheck = Callable[[Claim], list[Finding]]

LINE_CHECKS: tuple[LineCheck, ...] = (
    checks_units.code_known,
    checks_units.units_vs_minutes,
    checks_modifiers.unknown_modifiers,
    checks_modifiers.therapy_required,
    checks_modifiers.therapy_single,
    checks_modifiers.therapy_matches_plan,
    checks_assistants.paired_therapy_modifier,
    checks_assistants.assistant_required,
    checks_assistants.assistant_not_for_physician,
    checks_kx.kx_threshold,
    checks_modifiers.abn_combination,
    checks_providers.unrecognised_provider,
    checks_providers.chiropractor,
    checks_ncci.cmt_region,
    checks_ncci.ptp_pairs,
    checks_ncci.mue,
    checks_ncci.bypass_modifier,
    checks_services.one_on_one,
    checks_services.myofascial_release,
    checks_payment.assistant_payment,
    checks_payment.multiple_procedure_reduction,
)
DAY_CHECKS: tuple[DayCheck, ...] = (checks_units.total_timed_units,)


@dataclass(slots=True)
class LineReport:
    line: ClaimLine
    valid: bool
    findings: list[Finding]
    expected_units: int | None
    suggested_line: ClaimLine | None


@dataclass(slots=True)
class LineResult:
    """validate_line's answer: one line, with the day's findings about it."""

    valid: bool
    findings: list[Finding]
    expected_units: int | None
    suggested_line: ClaimLine | None
    payer: Payer
    method: Method
    date_of_service: date
    data_version: str


@dataclass(slots=True)
class ClaimResult:
    """validate_claim's answer: a report per line plus the findings about the whole date of service."""

    valid: bool
    lines: list[LineReport]
    claim_findings: list[Finding]
    payer: Payer
    method: Method
    date_of_service: date
    data_version: str


def _suggest(line: ClaimLine, findings: list[Finding], normalised_from: LineLike) -> ClaimLine | None:
    repairs = [f.repair for f in findings if f.repair is not None and f.severity != "info"]
    if not repairs and normalised_from.code == line.code and tuple(normalised_from.modifiers) == line.modifiers:
        return None  # nothing to repair, and the line was given in normal form
    removed = {m for r in repairs for m in r.remove}
    modifiers = [m for m in line.modifiers if m not in removed]
    for repair in repairs:
        modifiers += [m for m in repair.add if m not in modifiers]
    units = next((r.units for r in repairs if r.units is not None), line.units)
    return ClaimLine(line.code, units, tuple(modifiers[:MAX_MODIFIERS]), line.minutes, line.regions)


@cache
def _checks_for(payer: Payer) -> tuple[tuple[LineCheck, ...], tuple[DayCheck, ...], frozenset[str]]:
    """The line and day checks that can emit a rule the payer applies (the others' findings are all dropped),
    and the rules the payer applies."""
    rules = profile(payer).rules
    return (tuple(c for c in LINE_CHECKS if c.rule_ids & rules),  # type: ignore[attr-defined]
            tuple(c for c in DAY_CHECKS if c.rule_ids & rules), rules)  # type: ignore[attr-defined]


def _line_findings(claim: Claim, index: int) -> list[Finding]:
    line_checks, _, rules = _checks_for(claim.payer)
    return [f for check in line_checks for f in check(claim, index) if f.rule_id in rules]


def _report(claim: Claim, index: int, raw: LineLike) -> LineReport:
    findings = _line_findings(claim, index)
    return LineReport(claim.lines[index], not _has_error(findings), findings, checks_units.expected_units(claim, index),
                      _suggest(claim.lines[index], findings, raw))


def _has_error(findings: Sequence[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _claim(lines: tuple[ClaimLine, ...], payer: str, method: str | None, date_of_service: str | date | None,
           provider: str | None, plan_of_care: str | None, ytd_therapy_amount: float | None,
           ncci: NcciTables | None) -> Claim:
    payer_profile = profile(payer)
    if method is not None and method not in METHODS:
        raise RuleInputError("method", f"{str(method)[:20]!r} is not a method", "'cms' or 'ama', or null")
    tables = ncci if ncci is not None else open_tables()
    return Claim(lines, payer_profile.payer, method or payer_profile.method,  # type: ignore[arg-type]
                 parse_date(date_of_service), parse_provider(provider), parse_plan(plan_of_care),
                 parse_ytd(ytd_therapy_amount), tables)


def _data_version(claim: Claim) -> str:
    """The rule data files' versions, plus the imported NCCI releases the answer used."""
    tables = claim.ncci
    if tables is None or (tables.ptp_info is None and tables.mue_info is None):
        return data_version()
    imported = [f"ncci-{t.table}@{t.label}" for t in (tables.ptp_info, tables.mue_info) if t]
    return ";".join([data_version(), *imported])


def _day_findings(claim: Claim) -> list[Finding]:
    _, day_checks, rules = _checks_for(claim.payer)
    return [f for check in day_checks for f in check(claim) if f.rule_id in rules]


def validate_line(line: LineLike, other_lines: Sequence[LineLike] = (), *, payer: str = "medicare",
                  method: str | None = None, date_of_service: str | date | None = None, provider: str | None = None,
                  plan_of_care: str | None = None, ytd_therapy_amount: float | None = None,
                  ncci: NcciTables | None = None) -> LineResult:
    """Check one claim line against the other lines of the same patient and date (``ncci``: tables to use)."""
    check_line_count(len(other_lines) + 1, "other_lines")
    lines = (normalize_line(line, "line"),
             *(normalize_line(o, f"other_lines[{i}]") for i, o in enumerate(other_lines)))
    check_day_minutes(lines, "other_lines")
    claim = _claim(lines, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci)
    findings = _line_findings(claim, 0) + _day_findings(claim)
    return LineResult(not _has_error(findings), findings, checks_units.expected_units(claim, 0),
                      _suggest(claim.lines[0], findings, line), claim.payer, claim.method, claim.date_of_service,
                      _data_version(claim))


def validate_claim(lines: Sequence[LineLike], *, payer: str = "medicare", method: str | None = None,
                   date_of_service: str | date | None = None, provider: str | None = None,
                   plan_of_care: str | None = None, ytd_therapy_amount: float | None = None,
                   ncci: NcciTables | None = None) -> ClaimResult:
    """Check every line of one patient's date of service, and the day as a whole."""
    if not lines:
        raise RuleInputError("lines", "no lines given", "1 to 50 claim lines")
    check_line_count(len(lines), "lines")
    normalised = tuple(normalize_line(ln, f"lines[{i}]") for i, ln in enumerate(lines))
    check_day_minutes(normalised, "lines")
    claim = _claim(normalised, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci)
    reports = [_report(claim, i, raw) for i, raw in enumerate(lines)]
    day = _day_findings(claim)
    valid = all(r.valid for r in reports) and not _has_error(day)
    return ClaimResult(valid, reports, day, claim.payer, claim.method, claim.date_of_service, _data_version(claim))
