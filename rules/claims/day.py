"""What the minutes of one date of service support, per code: ``rules.units.count_units`` over the claim's lines.

Worked out once per claim (``Claim.day``) for every check that compares units with minutes
(``rules/claims/checks_units.py``), under the claim's method (CMS Pub. 100-04 Ch. 5 §20.2 C, or the CPT midpoint
rule). Where the rule lets the provider choose between allocations (a tie), each code's lowest and highest units
over all of them are kept, so any allowed choice passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from ..types import Method
from ..units import merge_listings, tally

if TYPE_CHECKING:
    from .model import ClaimLine


class CodeUnits(NamedTuple):
    """One timed code's units: its fewest over every allowed allocation, in the allocation shown, and its most."""

    low: int
    first: int
    high: int


class DayUnits(NamedTuple):
    """What the day's minutes support: the pooled timed minutes and units, each timed code's ``CodeUnits`` (a
    read-only mapping), how many other allocations the rule allows, and the timed codes billed without minutes
    (the CMS pool is then incomplete)."""

    total_timed_minutes: int
    total_timed_units: int
    codes: Mapping[str, CodeUnits]
    other_allocations: int
    unpooled: tuple[str, ...]

    def shown(self) -> str:
        """The allocation shown, e.g. '97110 x 2, 97140 x 1'."""
        return ", ".join(f"{code} x {units.first}" for code, units in self.codes.items())


def day_units(lines: Sequence[ClaimLine], method: Method) -> DayUnits | None:
    """The unit count of the known codes of the day that carry minutes (untimed codes need none), repeated codes
    merged as ``compute_units`` merges them; None when no line can be counted. The lines are normalised and
    checked already (``normalize``)."""
    listed: dict[str, list[int]] = {}
    unpooled = []
    for ln in lines:
        if ln.entry is not None:
            if ln.minutes is not None or not ln.entry.timed:
                listed.setdefault(ln.code, []).append(ln.minutes or 0)
            else:
                unpooled.append(ln.code)
    if not listed:
        return None
    entries = {ln.code: ln.entry for ln in lines if ln.entry is not None}
    count = tally(tuple(merge_listings(code, entries[code].timed, entries[code], minutes)
                        for code, minutes in listed.items()), method)
    low, high = count.bounds()
    codes = {m.code: CodeUnits(*units) for m, *units in zip(count.timed, low, count.first, high, strict=True)}
    return DayUnits(count.cms.pooled_minutes, sum(count.first), MappingProxyType(codes), count.choice_count - 1,
                    tuple(unpooled))
