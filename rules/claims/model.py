"""The shapes every claim check shares: a claim line, the claim of one patient and date, and a Finding.

Every check has the same signature (python-stdnum style): ``check(claim, index) -> list[Finding]`` for a
line check and ``check(claim) -> list[Finding]`` for a check of the whole date of service (``registry``, which
also lists the rule ids each check may emit).
A check builds its findings with ``finding(rule_id, ...)``, which takes the citation from the rule catalog
(``rules/data/rule_catalog.json``). A Finding may carry a ``repair``: the change that can be applied
mechanically to build the suggested line. All of them are frozen values: an answer never shares a mutable part.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date
from typing import NamedTuple

from ..catalog import citation
from ..codes import lookup
from ..ncci.lookup import NcciLookup
from ..types import Discipline, Method, Payer, Provider, RuleSet, Severity
from ..value import Value, set_once
from .day import DayUnits


class Repair(Value):
    """A mechanical fix: modifiers to add or remove, the units to bill, or the code to bill instead."""

    FIELDS = ("add", "remove", "units", "code")

    def __init__(self, add: tuple[str, ...] = (), remove: tuple[str, ...] = (), units: int | None = None,
                 code: str | None = None) -> None:
        self.add, self.remove, self.units, self.code = add, remove, units, code

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


class NotChecked(Value):
    """A check that applies to the payer but could not run (tables not imported, no threshold for the year, a code
    the catalog lacks): the answer is then ``incomplete``, never ``clean``."""

    FIELDS = ("rule_id", "reason", "how_to_run")

    def __init__(self, rule_id: str, reason: str, how_to_run: str) -> None:
        self.rule_id, self.reason, self.how_to_run = rule_id, reason, how_to_run

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


class NotApplied(NamedTuple):
    """The rules of one rule set (Medicare's, or the NCCI edits) the checks know that were not applied for the payer
    (the catalog's ``applies_to``): the answer says so, once per set, and ``apply_rules`` applies them for a plan
    that follows Medicare or NCCI."""

    rule_set: RuleSet
    rule_ids: tuple[str, ...]
    reason: str


class Finding(Value):
    """What a check found: the rule, how serious, what and how to fix it, the sources, a mechanical repair."""

    FIELDS = ("rule_id", "severity", "message", "fix", "citation", "repair")

    def __init__(self, rule_id: str, severity: Severity, message: str, fix: str, citation: str,
                 repair: Repair | None = None) -> None:
        (self.rule_id, self.severity, self.message, self.fix, self.citation, self.repair) = (
            rule_id, severity, message, fix, citation, repair)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


def finding(rule_id: str, severity: Severity, message: str, fix: str, repair: Repair | None = None, *,
            source: str | None = None) -> Finding:
    """A finding of a catalog rule, cited from the catalog; ``source`` appends the reference of a dated value
    the finding used (e.g. the year's KX threshold, the imported PTP release)."""
    cited = citation(rule_id)
    return Finding(rule_id, severity, message, fix, f"{cited}; {source}" if source else cited, repair)


Outcome = Finding | NotChecked  # what a check returns: findings, and the checks it could not run


class ClaimLine(Value):
    """One normalised claim line: code, units, modifiers (upper-case, unique, in order), minutes, regions, and who
    furnished it (provider, the minutes an assistant furnished) and where (place of service), when the line says.

    ``provider`` is who furnished the line (None: the claim's provider), ``assistant_minutes`` those of ``minutes``
    a PTA/OTA furnished, ``place_of_service`` None for the claim's. ``entry`` (the catalog entry, None for an
    unknown code) and the modifier set are worked out once, when the line is made: every check asks for them.
    """

    FIELDS = ("code", "units", "modifiers", "minutes", "regions", "provider", "assistant_minutes", "place_of_service")

    def __init__(self, code: str, units: int, modifiers: tuple[str, ...] = (), minutes: int | None = None,
                 regions: tuple[str, ...] | None = None, provider: Provider | None = None,
                 assistant_minutes: int | None = None, place_of_service: str | None = None) -> None:
        (self.code, self.units, self.modifiers, self.minutes, self.regions, self.provider, self.assistant_minutes,
         self.place_of_service) = (
            code, units, modifiers, minutes, regions, provider, assistant_minutes, place_of_service)
        self.entry = lookup(code)
        self.modifier_set = frozenset(modifiers)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    def has(self, *modifiers: str) -> bool:
        return not self.modifier_set.isdisjoint(modifiers)

    def present(self, modifiers: Container[str]) -> tuple[str, ...]:
        """This line's modifiers that are among ``modifiers``, in the line's order."""
        return tuple([m for m in self.modifiers if m in modifiers])

    def is_family(self, family: str) -> bool:
        return self.entry is not None and self.entry.family == family

    @property
    def always_therapy(self) -> bool:
        return self.entry is not None and self.entry.always_therapy


class Claim(Value):
    """Every line of one patient's date of service, with who billed it and under which payer. ``day``, what the
    day's minutes support under the method (``day.day_units``), is worked out once, when the claim is made;
    ``apply_rules`` are the rule sets applied beyond the payer's own."""

    FIELDS = ("lines", "payer", "method", "date_of_service", "provider", "plan_of_care", "ytd_therapy_amount", "ncci",
              "day", "place_of_service", "apply_rules", "allowed_by_line")

    def __init__(self, lines: tuple[ClaimLine, ...], payer: Payer, method: Method, date_of_service: date,
                 provider: Provider | None = None, plan_of_care: Discipline | None = None,
                 ytd_therapy_amount: float | None = None, ncci: NcciLookup | None = None, day: DayUnits | None = None,
                 place_of_service: str | None = None, apply_rules: frozenset[RuleSet] = frozenset(),
                 allowed_by_line: tuple[float | None, ...] | None = None) -> None:
        (self.lines, self.payer, self.method, self.date_of_service, self.provider, self.plan_of_care,
         self.ytd_therapy_amount, self.ncci, self.day, self.place_of_service, self.apply_rules) = (
            lines, payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount, ncci, day,
            place_of_service, apply_rules)
        # Each line's national allowed amount on the date's fee schedule (after MPPR and CQ/CO), priced once per
        # claim when a year-to-date amount is given (``checks_kx.visit_allowed``); None: not priced.
        self.allowed_by_line = allowed_by_line

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    def provider_of(self, index: int) -> Provider | None:
        """Who furnished line ``index``: the line's provider, else the claim's (contract: the claim's is the
        default)."""
        return self.lines[index].provider or self.provider

    def place_of(self, index: int) -> str | None:
        return self.lines[index].place_of_service or self.place_of_service

    def others(self, index: int) -> list[tuple[int, ClaimLine]]:
        return [(i, line) for i, line in enumerate(self.lines) if i != index]
