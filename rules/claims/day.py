"""What the minutes of one date of service support, per code: ``rules.units.count_units`` over the claim's lines.

Worked out once per claim (``Claim.day``) for every check that compares units with minutes
(``rules/claims/checks_units.py``), under the claim's method (CMS Pub. 100-04 Ch. 5 §20.2 C, or the CPT midpoint
rule). Where the rule lets the provider choose between allocations (a tie), each code's lowest and highest units
over all of them are kept, so any allowed choice passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..units import Method, Service, count_units

if TYPE_CHECKING:
    from .model import ClaimLine


@dataclass(frozen=True, slots=True)
class DayUnits:
    """What the day's minutes support: the pooled timed minutes and units, each timed code's units in the allocation
    shown (``first``) and its fewest and most over every allowed allocation, and how many other allocations the
    rule allows. Frozen: one cached instance serves every claim with the same codes and minutes."""

    total_timed_minutes: int
    total_timed_units: int
    low: dict[str, int]
    first: dict[str, int]
    high: dict[str, int]
    other_allocations: int
    unpooled: tuple[str, ...]  # timed codes billed without minutes: the CMS pool is incomplete

    def shown(self) -> str:
        """The allocation shown, e.g. '97110 x 2, 97140 x 1'."""
        return ", ".join(f"{code} x {units}" for code, units in self.first.items())


def day_units(lines: Sequence[ClaimLine], method: Method) -> DayUnits | None:
    """count_units over the known codes of the day that carry minutes (untimed codes need none); None when no
    line can be counted."""
    services = tuple((ln.code, ln.minutes) for ln in lines
                     if ln.entry is not None and (ln.minutes is not None or not ln.entry.timed))
    if not services:
        return None
    unpooled = tuple(ln.code for ln in lines if ln.entry is not None and ln.entry.timed and ln.minutes is None)
    return _day_units(services, unpooled, method)


@lru_cache(maxsize=4096)
def _day_units(services: tuple[tuple[str, int | None], ...], unpooled: tuple[str, ...], method: Method) -> DayUnits:
    """Cached on what the answer depends on (codes and minutes, not units or modifiers): days repeat often."""
    count = count_units([Service(code, minutes) for code, minutes in services], method)
    codes = [m.code for m in count.timed]
    low, high = count.bounds()
    return DayUnits(count.cms.pooled_minutes, sum(count.first), dict(zip(codes, low, strict=True)),
                    dict(zip(codes, count.first, strict=True)), dict(zip(codes, high, strict=True)),
                    count.choice_count - 1, unpooled)
