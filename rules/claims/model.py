"""The shapes every claim check shares: a claim line, the claim of one patient and date, and a Finding.

Every check has the same signature (python-stdnum style): ``check(claim, index) -> list[Finding]`` for a
line check and ``check(claim) -> list[Finding]`` for a check of the whole date of service. A Finding may
carry a ``repair``: the change that can be applied mechanically to build the suggested line.

These shapes (and the results built from them) are plain slots dataclasses, not frozen ones: a validation makes
several per claim line, a frozen dataclass costs about five times as much to build (each field goes through
``object.__setattr__``; measured with ``bench/bench_batch.py``), and nothing changes them once they are made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, TypeVar

from ..codes import CatalogCode, lookup
from ..units import Method
from .day import DayUnits, day_units

if TYPE_CHECKING:
    from ..ncci.store import NcciTables

Check = TypeVar("Check", bound=Callable[..., list["Finding"]])
Severity = Literal["error", "warning", "info"]
Payer = Literal["medicare", "medicaid", "commercial"]
Provider = Literal["pt", "pta", "ot", "ota", "slp", "physician", "npp", "chiropractor", "massage_therapist",
                   "athletic_trainer", "aide"]
Discipline = Literal["pt", "ot", "slp"]
PAYERS: tuple[Payer, ...] = ("medicare", "medicaid", "commercial")
PROVIDERS: tuple[Provider, ...] = ("pt", "pta", "ot", "ota", "slp", "physician", "npp", "chiropractor",
                                   "massage_therapist", "athletic_trainer", "aide")
DISCIPLINES: tuple[Discipline, ...] = ("pt", "ot", "slp")


def emits(*rule_ids: str) -> Callable[[Check], Check]:
    """Declare every rule id a check can emit: a payer profile that applies none of them skips the check
    (its findings would all be dropped). ``tests/test_check_rule_ids.py`` holds each check to its list."""

    def declare(check: Check) -> Check:
        setattr(check, "rule_ids", frozenset(rule_ids))  # noqa: B010 - a function attribute the type cannot declare
        return check

    return declare


@dataclass(slots=True)
class Repair:
    """A mechanical fix: modifiers to add or remove, or the units to bill."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    units: int | None = None


@dataclass(slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    fix: str
    citation: str
    repair: Repair | None = field(default=None, compare=False)


@dataclass(slots=True)
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
        self.entry = lookup(self.code)
        self.modifier_set = frozenset(self.modifiers)

    def has(self, *modifiers: str) -> bool:
        return not self.modifier_set.isdisjoint(modifiers)


@dataclass(slots=True)
class Claim:
    """Every line of one patient's date of service, with who billed it and under which payer. ``day``, what the
    day's minutes support under the method, is worked out once, when the claim is made."""

    lines: tuple[ClaimLine, ...]
    payer: Payer
    method: Method
    date_of_service: date
    provider: Provider | None = None
    plan_of_care: Discipline | None = None
    ytd_therapy_amount: float | None = None
    ncci: NcciTables | None = None
    day: DayUnits | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.day = day_units(self.lines, self.method)

    def others(self, index: int) -> list[tuple[int, ClaimLine]]:
        return [(i, line) for i, line in enumerate(self.lines) if i != index]
