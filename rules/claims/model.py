"""The shapes every claim check shares: a claim line, the claim of one patient and date, and a Finding.

Every check has the same signature (python-stdnum style): ``check(claim, index) -> list[Finding]`` for a
line check and ``check(claim) -> list[Finding]`` for a check of the whole date of service. A Finding may
carry a ``repair``: the change that can be applied mechanically to build the suggested line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..codes import CatalogCode, lookup
from ..units import Method

if TYPE_CHECKING:
    from ..ncci.store import NcciTables

Severity = Literal["error", "warning", "info"]
Payer = Literal["medicare", "medicaid", "commercial"]
Provider = Literal["pt", "pta", "ot", "ota", "slp", "physician", "npp", "chiropractor", "massage_therapist",
                   "athletic_trainer", "aide"]
Discipline = Literal["pt", "ot", "slp"]
PAYERS: tuple[Payer, ...] = ("medicare", "medicaid", "commercial")
PROVIDERS: tuple[Provider, ...] = ("pt", "pta", "ot", "ota", "slp", "physician", "npp", "chiropractor",
                                   "massage_therapist", "athletic_trainer", "aide")
DISCIPLINES: tuple[Discipline, ...] = ("pt", "ot", "slp")


@dataclass(frozen=True, slots=True)
class Repair:
    """A mechanical fix: modifiers to add or remove, or the units to bill."""

    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    units: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    fix: str
    citation: str
    repair: Repair | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One normalised claim line: code, units, modifiers (upper-case, unique, in order), minutes, regions."""

    code: str
    units: int
    modifiers: tuple[str, ...] = ()
    minutes: int | None = None
    regions: tuple[str, ...] | None = None

    @property
    def entry(self) -> CatalogCode | None:
        return lookup(self.code)

    def has(self, *modifiers: str) -> bool:
        return any(m in self.modifiers for m in modifiers)


@dataclass(frozen=True, slots=True)
class Claim:
    """Every line of one patient's date of service, with who billed it and under which payer."""

    lines: tuple[ClaimLine, ...]
    payer: Payer
    method: Method
    date_of_service: date
    provider: Provider | None = None
    plan_of_care: Discipline | None = None
    ytd_therapy_amount: float | None = None
    ncci: NcciTables | None = None

    def others(self, index: int) -> list[tuple[int, ClaimLine]]:
        return [(i, line) for i, line in enumerate(self.lines) if i != index]
