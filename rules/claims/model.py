"""The shapes every claim check shares: a claim line, the claim of one patient and date, and a Finding.

Every check has the same signature (python-stdnum style): ``check(claim, index) -> list[Finding]`` for a
line check and ``check(claim) -> list[Finding]`` for a check of the whole date of service (``registry``).
A check builds its findings with ``finding(rule_id, ...)``, which takes the citation from the rule catalog
(``rules/data/rule_catalog.json``). A Finding may carry a ``repair``: the change that can be applied
mechanically to build the suggested line. All of them are frozen values: an answer never shares a mutable part.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, TypeVar

from ..catalog import citation
from ..codes import CatalogCode, lookup
from ..ncci.lookup import NcciLookup
from ..types import Discipline, Method, Payer, Provider, Severity
from .day import DayUnits

Check = TypeVar("Check", bound=Callable[..., list["Finding"]])
# The enums' values, for the tool schemas until they import rules.types directly.
PAYERS: tuple[Payer, ...] = tuple(Payer)
PROVIDERS: tuple[Provider, ...] = tuple(Provider)
DISCIPLINES: tuple[Discipline, ...] = tuple(Discipline)


def emits(*rule_ids: str) -> Callable[[Check], Check]:
    """Declare every rule id a check can emit (``tests/test_check_rule_ids.py`` holds each check to its list)."""

    def declare(check: Check) -> Check:
        setattr(check, "rule_ids", frozenset(rule_ids))  # noqa: B010 - a function attribute the type cannot declare
        return check

    return declare


class Repair(NamedTuple):
    """A mechanical fix: modifiers to add or remove, the units to bill, or the code to bill instead."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    units: int | None = None
    code: str | None = None


class Finding(NamedTuple):
    """What a check found: the rule, how serious, what and how to fix it, the sources, a mechanical repair."""

    rule_id: str
    severity: Severity
    message: str
    fix: str
    citation: str
    repair: Repair | None = None


def finding(rule_id: str, severity: Severity, message: str, fix: str, repair: Repair | None = None, *,
            source: str | None = None) -> Finding:
    """A finding of a catalog rule, cited from the catalog; ``source`` appends the reference of a dated value
    the finding used (e.g. the year's KX threshold, the imported PTP release)."""
    cited = citation(rule_id)
    return Finding(rule_id, severity, message, fix, f"{cited}; {source}" if source else cited, repair)


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One normalised claim line: code, units, modifiers (upper-case, unique, in order), minutes, regions.

    ``entry`` (the catalog entry, None for an unknown code) and the modifier set are worked out once, when the line
    is made: every check asks for them.
    """

    code: str
    units: int
    modifiers: tuple[str, ...] = ()
    minutes: int | None = None
    regions: tuple[str, ...] | None = None
    entry: CatalogCode | None = field(init=False, compare=False, repr=False)
    modifier_set: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entry", lookup(self.code))
        object.__setattr__(self, "modifier_set", frozenset(self.modifiers))

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


class Claim(NamedTuple):
    """Every line of one patient's date of service, with who billed it and under which payer. ``day``, what the
    day's minutes support under the method (``day.day_units``), is worked out once, when the claim is made."""

    lines: tuple[ClaimLine, ...]
    payer: Payer
    method: Method
    date_of_service: date
    provider: Provider | None = None
    plan_of_care: Discipline | None = None
    ytd_therapy_amount: float | None = None
    ncci: NcciLookup | None = None
    day: DayUnits | None = None

    def others(self, index: int) -> list[tuple[int, ClaimLine]]:
        return [(i, line) for i, line in enumerate(self.lines) if i != index]
