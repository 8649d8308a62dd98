"""validate_line and validate_claim: every registered check over a claim, findings kept where the rule applies.

Line checks run on each line; the date-of-service checks run once (for ``validate_line`` their findings are
reported with the line). A finding whose rule does not apply to the payer (the rule catalog's ``applies_to``) is
not reported, and the answer lists those rules as ``not_applied``, unless ``apply_rules`` asks for them (a plan that
follows Medicare or NCCI): their errors are then warnings, the rule's application to the payer being unverified.
A check that could not run returns ``NotChecked``. ``status`` is ``errors`` when an error is found, else
``incomplete`` when a check that applies could not run, else ``clean``; ``valid`` is true only for ``clean``. The
suggested line applies the mechanical repairs. The core does no I/O: the NCCI tables come in as ``ncci``
(``rules.ncci.lookup.NcciLookup``; None: not imported), opened by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from ..catalog import line_not_payable, rules_for
from ..data_files import data_version
from ..limits import MAX_MODIFIERS
from ..ncci.lookup import NcciLookup
from ..types import Method, Payer, RuleSet, Severity, Status
from ..units import parse_method
from ..value import Value, set_once
from .checks_kx import visit_allowed
from .checks_units import expected_units
from .day import day_units
from .model import Claim, ClaimLine, Finding, NotApplied, NotChecked, Outcome
from .normalize import (
    LineLike,
    check_day_minutes,
    check_line_count,
    check_lines_given,
    normalize_line,
    parse_date,
    parse_place,
    parse_plan,
    parse_provider,
    parse_rule_sets,
    parse_ytd,
)
from .profiles import ncci_rules, profile, rule_set
from .registry import DAY_CHECKS, LINE_CHECKS, RULE_IDS


class LineReport(Value):
    """One line of validate_claim's answer: the line as judged, its findings and the checks that could not run."""

    FIELDS = ("line", "valid", "findings", "expected_units", "suggested_line", "status", "not_checked")

    def __init__(self, line: ClaimLine, valid: bool, findings: tuple[Finding, ...], expected_units: int | None,
                 suggested_line: ClaimLine | None, status: Status, not_checked: tuple[NotChecked, ...]) -> None:
        (self.line, self.valid, self.findings, self.expected_units, self.suggested_line, self.status,
         self.not_checked) = (line, valid, findings, expected_units, suggested_line, status, not_checked)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


class LineResult(Value):
    """validate_line's answer: one line, with the day's findings about it."""

    FIELDS = ("valid", "findings", "expected_units", "suggested_line", "payer", "method", "date_of_service",
              "data_version", "status", "not_checked", "not_applied")

    def __init__(self, valid: bool, findings: tuple[Finding, ...], expected_units: int | None,
                 suggested_line: ClaimLine | None, payer: Payer, method: Method, date_of_service: date,
                 data_version: str, status: Status, not_checked: tuple[NotChecked, ...],
                 not_applied: tuple[NotApplied, ...]) -> None:
        (self.valid, self.findings, self.expected_units, self.suggested_line, self.payer, self.method,
         self.date_of_service, self.data_version, self.status, self.not_checked, self.not_applied) = (
            valid, findings, expected_units, suggested_line, payer, method, date_of_service, data_version, status,
            not_checked, not_applied)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


class ClaimResult(Value):
    """validate_claim's answer: a report per line plus the findings about the whole date of service (and the day
    checks that could not run); ``status`` is the whole claim's."""

    FIELDS = ("valid", "lines", "claim_findings", "payer", "method", "date_of_service", "data_version", "status",
              "not_checked", "not_applied")

    def __init__(self, valid: bool, lines: tuple[LineReport, ...], claim_findings: tuple[Finding, ...], payer: Payer,
                 method: Method, date_of_service: date, data_version: str, status: Status,
                 not_checked: tuple[NotChecked, ...], not_applied: tuple[NotApplied, ...]) -> None:
        (self.valid, self.lines, self.claim_findings, self.payer, self.method, self.date_of_service, self.data_version,
         self.status, self.not_checked, self.not_applied) = (
            valid, lines, claim_findings, payer, method, date_of_service, data_version, status, not_checked,
            not_applied)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


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
    return ClaimLine(code, units, tuple(modifiers[:MAX_MODIFIERS]), line.minutes, line.regions, line.provider,
                     line.assistant_minutes, line.place_of_service)


def _followed(claim: Claim, rule_id: str) -> bool:
    """Whether ``apply_rules`` applies this (Medicare) rule for a payer it does not apply to."""
    return _follows(claim, rule_set(rule_id))


def _follows(claim: Claim, ruleset: RuleSet) -> bool:
    """Whether ``apply_rules`` applies a rule set's rules (Medicare's rules include the NCCI edits)."""
    return bool(claim.apply_rules) and (RuleSet.MEDICARE in claim.apply_rules or ruleset in claim.apply_rules)


def _one_answer(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The findings told as one answer: when one says the line is not payable at all (the catalog's
    ``line_not_payable``), the fixes that only make a payable line right are left out and the other findings'
    repairs are dropped."""
    blocked = line_not_payable()
    if not any(f.severity == Severity.ERROR and f.rule_id in blocked.rules for f in findings):
        return findings
    return tuple(f if f.rule_id in blocked.rules else f.replace(repair=None) for f in findings
                 if f.rule_id not in blocked.payable_line_only)


def _as_followed(claim: Claim, outcome: Outcome) -> Outcome:
    """A finding of a rule applied by ``apply_rules``: an error is a warning (its application is unverified)."""
    if not isinstance(outcome, Finding) or outcome.severity != Severity.ERROR:
        return outcome
    note = (f" (Applied because the plan follows {rule_set(outcome.rule_id).upper()} rules: whether this "
            f"{claim.payer} plan applies it is unverified, so it is a warning here.)")
    return outcome.replace(severity=Severity.WARNING, message=outcome.message + note)


def _applying(claim: Claim, outcomes: Sequence[Outcome]) -> tuple[tuple[Finding, ...], tuple[NotChecked, ...]]:
    """The findings whose rule applies to the claim's payer (or is applied by ``apply_rules``), and the checks of
    those rules that could not run."""
    payers_rules = rules_for(claim.payer)
    kept = [o if o.rule_id in payers_rules else _as_followed(claim, o) for o in outcomes
            if o.rule_id in payers_rules or _followed(claim, o.rule_id)]
    return (_one_answer(tuple(o for o in kept if isinstance(o, Finding))),
            tuple(o for o in kept if isinstance(o, NotChecked)))


def _line_outcomes(claim: Claim, index: int) -> tuple[tuple[Finding, ...], tuple[NotChecked, ...]]:
    return _applying(claim, [o for check in LINE_CHECKS for o in check.run(claim, index)])


def _day_outcomes(claim: Claim) -> tuple[tuple[Finding, ...], tuple[NotChecked, ...]]:
    return _applying(claim, [o for check in DAY_CHECKS for o in check.run(claim)])


def _has_error(findings: Sequence[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


def _status(findings: Sequence[Finding], not_checked: Sequence[NotChecked]) -> Status:
    return Status.ERRORS if _has_error(findings) else Status.INCOMPLETE if not_checked else Status.CLEAN


def _not_applied(claim: Claim) -> tuple[NotApplied, ...]:
    """The rules the checks know that this payer's answer did not apply, one entry per rule set (none for
    Medicare)."""
    return tuple(NotApplied(ruleset, ids, _why_not_applied(claim, ruleset)) for ruleset, ids in _unapplied(claim.payer)
                 if not _follows(claim, ruleset))


@cache
def _unapplied(payer: Payer) -> tuple[tuple[RuleSet, tuple[str, ...]], ...]:
    """The rule ids the checks know that do not apply to ``payer`` (the catalog's ``applies_to``), by rule set in
    registry order: an index of the data, worked out once per payer."""
    payers_rules = rules_for(payer)
    by_set = [(ruleset, tuple(r for r in RULE_IDS if r not in payers_rules and rule_set(r) == ruleset))
              for ruleset in RuleSet]
    return tuple((ruleset, ids) for ruleset, ids in by_set if ids)


def _why_not_applied(claim: Claim, ruleset: RuleSet) -> str:
    what = f"NCCI edits ({ncci_rules().source})" if ruleset == RuleSet.NCCI else "Medicare rules"
    return (f"{what}, not applied to {claim.payer} claims; if the plan follows {ruleset.upper()}, pass "
            f"apply_rules [\"{ruleset}\"] to apply them (their errors then count as warnings).")


def _report(claim: Claim, index: int, raw: LineLike) -> LineReport:
    findings, not_checked = _line_outcomes(claim, index)
    status = _status(findings, not_checked)
    return LineReport(claim.lines[index], status == Status.CLEAN, findings, expected_units(claim, index),
                      _suggest(claim.lines[index], findings, raw), status, not_checked)


def _claim(lines: tuple[ClaimLine, ...], payer: str, method: str | None, date_of_service: str | date | None,
           provider: str | None, plan_of_care: str | None, ytd_therapy_amount: float | None,
           ncci: NcciLookup | None, place_of_service: str | None = None,
           apply_rules: Sequence[str] | None = None) -> Claim:
    payer_profile = profile(payer)
    unit_method = payer_profile.method if method is None else parse_method(method)
    plan, day, ytd = parse_plan(plan_of_care), parse_date(date_of_service), parse_ytd(ytd_therapy_amount)
    return Claim(lines, payer_profile.payer, unit_method, day, parse_provider(provider), plan, ytd, ncci,
                 day_units(lines, unit_method, plan), parse_place(place_of_service), parse_rule_sets(apply_rules),
                 None if ytd is None else visit_allowed(lines, day))


def _data_version(claim: Claim) -> str:
    """The rule data files' versions, plus the imported NCCI releases the answer used."""
    tables = claim.ncci
    if tables is None or (tables.ptp_info is None and tables.mue_info is None):
        return data_version()
    imported = [f"ncci-{t.table}@{t.label}" for t in (tables.ptp_info, tables.mue_info) if t]
    return "+".join([data_version(), *imported])


def validate_line(line: LineLike, other_lines: Sequence[LineLike] = (), *, payer: str = Payer.MEDICARE,
                  method: str | None = None, date_of_service: str | date | None = None, provider: str | None = None,
                  plan_of_care: str | None = None, ytd_therapy_amount: float | None = None,
                  ncci: NcciLookup | None = None, place_of_service: str | None = None,
                  apply_rules: Sequence[str] | None = None) -> LineResult:
    """Check one claim line against the other lines of the same patient and date (``ncci``: the imported tables,
    None when none are imported; ``apply_rules``: Medicare or NCCI rules a non-Medicare plan follows)."""
    check_line_count(len(other_lines) + 1, "other_lines")
    lines = (normalize_line(line, "line"),
             *(normalize_line(o, f"other_lines[{i}]") for i, o in enumerate(other_lines)))
    check_day_minutes(lines, "other_lines")
    claim = _claim(lines, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci,
                   place_of_service, apply_rules)
    (line_findings, line_missing), (day_findings, day_missing) = _line_outcomes(claim, 0), _day_outcomes(claim)
    findings, not_checked = line_findings + day_findings, line_missing + day_missing
    status = _status(findings, not_checked)
    return LineResult(status == Status.CLEAN, findings, expected_units(claim, 0),
                      _suggest(claim.lines[0], findings, line), claim.payer, claim.method, claim.date_of_service,
                      _data_version(claim), status, not_checked, _not_applied(claim))


def validate_claim(lines: Sequence[LineLike], *, payer: str = Payer.MEDICARE, method: str | None = None,
                   date_of_service: str | date | None = None, provider: str | None = None,
                   plan_of_care: str | None = None, ytd_therapy_amount: float | None = None,
                   ncci: NcciLookup | None = None, place_of_service: str | None = None,
                   apply_rules: Sequence[str] | None = None) -> ClaimResult:
    """Check every line of one patient's date of service, and the day as a whole."""
    check_lines_given(len(lines), "lines")
    normalised = tuple(normalize_line(ln, f"lines[{i}]") for i, ln in enumerate(lines))
    check_day_minutes(normalised, "lines")
    claim = _claim(normalised, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci,
                   place_of_service, apply_rules)
    reports = tuple(_report(claim, i, raw) for i, raw in enumerate(lines))
    day, day_missing = _day_outcomes(claim)
    statuses = {r.status for r in reports} | {_status(day, day_missing)}
    status = next(s for s in (Status.ERRORS, Status.INCOMPLETE, Status.CLEAN) if s in statuses)
    return ClaimResult(status == Status.CLEAN, reports, day, claim.payer, claim.method, claim.date_of_service,
                       _data_version(claim), status, day_missing, _not_applied(claim))
