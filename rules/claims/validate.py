"""validate_line and validate_claim: every registered check over a claim, findings kept where the rule applies.

Line checks run on each line; the date-of-service checks run once (for ``validate_line`` their findings are
reported with the line). A finding whose rule does not apply to the payer (the rule catalog's ``applies_to``) is
not reported. ``valid`` is false exactly when an error is found; the suggested line applies the mechanical
repairs. The core does no I/O: the NCCI tables come in as ``ncci`` (``rules.ncci.lookup.NcciLookup``; None: not
imported), opened by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..catalog import applies, line_not_payable
from ..data_files import data_version
from ..limits import MAX_MODIFIERS
from ..ncci.lookup import NcciLookup
from ..types import Method, Payer, Severity
from ..units import parse_method
from .checks_units import expected_units
from .day import day_units
from .model import Claim, ClaimLine, Finding
from .normalize import (
    LineLike,
    check_day_minutes,
    check_line_count,
    check_lines_given,
    normalize_line,
    parse_date,
    parse_plan,
    parse_provider,
    parse_ytd,
)
from .profiles import profile
from .registry import DAY_CHECKS, LINE_CHECKS


@dataclass(frozen=True, slots=True)
class LineReport:
    line: ClaimLine
    valid: bool
    findings: tuple[Finding, ...]
    expected_units: int | None
    suggested_line: ClaimLine | None


@dataclass(frozen=True, slots=True)
class LineResult:
    """validate_line's answer: one line, with the day's findings about it."""

    valid: bool
    findings: tuple[Finding, ...]
    expected_units: int | None
    suggested_line: ClaimLine | None
    payer: Payer
    method: Method
    date_of_service: date
    data_version: str


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """validate_claim's answer: a report per line plus the findings about the whole date of service."""

    valid: bool
    lines: tuple[LineReport, ...]
    claim_findings: tuple[Finding, ...]
    payer: Payer
    method: Method
    date_of_service: date
    data_version: str


def _suggest(line: ClaimLine, findings: Sequence[Finding], normalised_from: LineLike) -> ClaimLine | None:
    repairs = [f.repair for f in findings if f.repair is not None and f.severity != Severity.INFO]
    if not repairs and normalised_from.code == line.code and tuple(normalised_from.modifiers) == line.modifiers:
        return None  # nothing to repair, and the line was given in normal form
    removed = {m for r in repairs for m in r.remove}
    modifiers = [m for m in line.modifiers if m not in removed]
    for repair in repairs:
        modifiers += [m for m in repair.add if m not in modifiers]
    units = next((r.units for r in repairs if r.units is not None), line.units)
    code = next((r.code for r in repairs if r.code is not None), line.code)
    return ClaimLine(code, units, tuple(modifiers[:MAX_MODIFIERS]), line.minutes, line.regions)


def _applying(claim: Claim, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The findings whose rule applies to the claim's payer, told as one answer: when one says the line is not
    payable at all (the catalog's ``line_not_payable``), the fixes that only make a payable line right are left
    out and the other findings' repairs are dropped."""
    kept = tuple(f for f in findings if applies(f.rule_id, claim.payer))
    blocked = line_not_payable()
    if not any(f.severity == Severity.ERROR and f.rule_id in blocked.rules for f in kept):
        return kept
    return tuple(f if f.rule_id in blocked.rules else f._replace(repair=None) for f in kept
                 if f.rule_id not in blocked.payable_line_only)


def _line_findings(claim: Claim, index: int) -> tuple[Finding, ...]:
    return _applying(claim, [f for check in LINE_CHECKS for f in check(claim, index)])


def _day_findings(claim: Claim) -> tuple[Finding, ...]:
    return _applying(claim, [f for check in DAY_CHECKS for f in check(claim)])


def _has_error(findings: Sequence[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


def _report(claim: Claim, index: int, raw: LineLike) -> LineReport:
    findings = _line_findings(claim, index)
    return LineReport(claim.lines[index], not _has_error(findings), findings, expected_units(claim, index),
                      _suggest(claim.lines[index], findings, raw))


def _claim(lines: tuple[ClaimLine, ...], payer: str, method: str | None, date_of_service: str | date | None,
           provider: str | None, plan_of_care: str | None, ytd_therapy_amount: float | None,
           ncci: NcciLookup | None) -> Claim:
    payer_profile = profile(payer)
    unit_method = payer_profile.method if method is None else parse_method(method)
    plan = parse_plan(plan_of_care)
    return Claim(lines, payer_profile.payer, unit_method, parse_date(date_of_service), parse_provider(provider),
                 plan, parse_ytd(ytd_therapy_amount), ncci, day_units(lines, unit_method, plan))


def _data_version(claim: Claim) -> str:
    """The rule data files' versions, plus the imported NCCI releases the answer used."""
    tables = claim.ncci
    if tables is None or (tables.ptp_info is None and tables.mue_info is None):
        return data_version()
    imported = [f"ncci-{t.table}@{t.label}" for t in (tables.ptp_info, tables.mue_info) if t]
    return ";".join([data_version(), *imported])


def validate_line(line: LineLike, other_lines: Sequence[LineLike] = (), *, payer: str = Payer.MEDICARE,
                  method: str | None = None, date_of_service: str | date | None = None, provider: str | None = None,
                  plan_of_care: str | None = None, ytd_therapy_amount: float | None = None,
                  ncci: NcciLookup | None = None) -> LineResult:
    """Check one claim line against the other lines of the same patient and date (``ncci``: the imported tables,
    None when none are imported)."""
    check_line_count(len(other_lines) + 1, "other_lines")
    lines = (normalize_line(line, "line"),
             *(normalize_line(o, f"other_lines[{i}]") for i, o in enumerate(other_lines)))
    check_day_minutes(lines, "other_lines")
    claim = _claim(lines, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci)
    findings = _line_findings(claim, 0) + _day_findings(claim)
    return LineResult(not _has_error(findings), findings, expected_units(claim, 0),
                      _suggest(claim.lines[0], findings, line), claim.payer, claim.method, claim.date_of_service,
                      _data_version(claim))


def validate_claim(lines: Sequence[LineLike], *, payer: str = Payer.MEDICARE, method: str | None = None,
                   date_of_service: str | date | None = None, provider: str | None = None,
                   plan_of_care: str | None = None, ytd_therapy_amount: float | None = None,
                   ncci: NcciLookup | None = None) -> ClaimResult:
    """Check every line of one patient's date of service, and the day as a whole."""
    check_lines_given(len(lines), "lines")
    normalised = tuple(normalize_line(ln, f"lines[{i}]") for i, ln in enumerate(lines))
    check_day_minutes(normalised, "lines")
    claim = _claim(normalised, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci)
    reports = tuple(_report(claim, i, raw) for i, raw in enumerate(lines))
    day = _day_findings(claim)
    valid = all(r.valid for r in reports) and not _has_error(day)
    return ClaimResult(valid, reports, day, claim.payer, claim.method, claim.date_of_service, _data_version(claim))
