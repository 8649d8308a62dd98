"""What the minutes of one date of service support, per code: ``rules.units.count_units`` over the claim's lines.

Worked out once per claim (``Claim.day``) for every check that compares units with minutes
(``rules/claims/checks_units.py``), under the claim's method (CMS Pub. 100-04 Ch. 5 §20.2 C, or the CPT midpoint
rule). Under CMS each discipline's lines (their therapy modifier GP/GO/GN, else the code's discipline) are pooled
apart (``rules.units.pooling_per_discipline``: the choice and its status are data). Where the rule lets the
provider choose between allocations (a tie), each code's lowest and highest units over all of them are kept, so
any allowed choice passes. A code on several lines (e.g. units with and without CQ, CY 2020 PFS final rule) is
judged as one: its units are shared among its lines by their minutes (``share``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from ..types import Method
from ..unit_table import UNIT_MINUTES
from ..units import merge_listings, pooling_per_discipline, tally
from ..value import Value, set_once
from .modifiers import modifiers

if TYPE_CHECKING:
    from ..codes import CatalogCode
    from .model import ClaimLine


class CodeUnits(NamedTuple):
    """One timed code's units: its fewest over every allowed allocation, in the allocation shown, and its most."""

    low: int
    first: int
    high: int


class PoolUnits(Value):
    """What one pool's minutes support (a discipline's, or the whole day's): the pooled timed minutes and units,
    each timed code's ``CodeUnits`` (a read-only mapping), how many other allocations the rule allows, the timed
    codes billed without minutes (the CMS pool is then incomplete), the pool's name (pt, ot, slp or None) and the
    claim lines of each code that carry minutes."""

    FIELDS = ("total_timed_minutes", "total_timed_units", "codes", "other_allocations", "unpooled", "name", "lines_of")

    def __init__(self, total_timed_minutes: int, total_timed_units: int, codes: Mapping[str, CodeUnits],
                 other_allocations: int, unpooled: tuple[str, ...], name: str | None = None,
                 lines_of: Mapping[str, tuple[int, ...]] = MappingProxyType({})) -> None:
        (self.total_timed_minutes, self.total_timed_units, self.codes, self.other_allocations, self.unpooled,
         self.name, self.lines_of) = (
            total_timed_minutes, total_timed_units, codes, other_allocations, unpooled, name, lines_of)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    def shown(self) -> str:
        """The allocation shown, e.g. '97110 x 2, 97140 x 1'."""
        return ", ".join(f"{code} x {units.first}" for code, units in self.codes.items())

    @property
    def label(self) -> str:
        """'the PT pool's' or 'the day's'."""
        return f"the {self.name.upper()} plan of care's" if self.name else "the day's"


class DayUnits(Value):
    """Every pool of the day, and the pool of each claim line (by index)."""

    FIELDS = ("pools", "pool_of_line")

    def __init__(self, pools: Mapping[str | None, PoolUnits], pool_of_line: tuple[str | None, ...]) -> None:
        self.pools, self.pool_of_line = pools, pool_of_line

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    def pool(self, index: int) -> PoolUnits | None:
        return self.pools.get(self.pool_of_line[index])


def line_pool(line: ClaimLine, plan: str | None = None) -> str | None:
    """The pool of a line under per-discipline pooling: its therapy modifier's discipline, else its code's, else
    the claim's plan of care."""
    if not pooling_per_discipline().per_discipline:
        return None
    therapy = line.present(modifiers().therapy)
    if len(therapy) == 1:
        return modifiers().therapy[therapy[0]]
    return (line.entry.discipline if line.entry is not None else None) or plan


def share(total: int, minutes: Sequence[int]) -> tuple[int, ...]:
    """``total`` units shared among the lines of one code: each unit to the line with the most minutes not yet
    covered by its units (earlier line on a tie), so full 15-minute blocks stay with their line."""
    units = [0] * len(minutes)
    for _ in range(total):
        best = max(range(len(minutes)), key=lambda i: (minutes[i] - UNIT_MINUTES * units[i], -i))
        units[best] += 1
    return tuple(units)


def _pool(lines: Sequence[ClaimLine], indices: Sequence[int], method: Method, name: str | None) -> PoolUnits | None:
    listed: dict[str, list[int]] = {}  # each code's minutes, listing by listing
    lines_of: dict[str, list[int]] = {}
    entries: dict[str, CatalogCode] = {}
    unpooled = []
    for i in indices:
        ln, entry = lines[i], lines[i].entry
        if entry is None:
            continue
        if ln.minutes is not None or not entry.timed:
            listed.setdefault(ln.code, []).append(ln.minutes or 0)
            lines_of.setdefault(ln.code, []).append(i)
            entries[ln.code] = entry
        else:
            unpooled.append(ln.code)
    if not listed:
        return None
    count = tally(tuple([merge_listings(code, entries[code].timed, entries[code], minutes)
                         for code, minutes in listed.items()]), method)
    low, high = count.bounds()
    codes = {m.code: CodeUnits(fewest, shown, most)
             for m, fewest, shown, most in zip(count.timed, low, count.first, high, strict=True)}
    return PoolUnits(count.cms.pooled_minutes, sum(count.first), MappingProxyType(codes), count.choice_count - 1,
                     tuple(unpooled), name, MappingProxyType({c: tuple(ix) for c, ix in lines_of.items()}))


def day_units(lines: Sequence[ClaimLine], method: Method, plan: str | None = None) -> DayUnits | None:
    """The unit count of each pool's known codes that carry minutes (untimed codes need none), repeated codes
    merged as ``compute_units`` merges them; None when no line can be counted. The lines are normalised and
    checked already (``normalize``). The CPT midpoint rule counts each code alone: one pool."""
    keys = tuple([line_pool(ln, plan) if method == Method.CMS else None for ln in lines])
    pools: dict[str | None, PoolUnits] = {}
    for name in dict.fromkeys(keys):
        pool = _pool(lines, [i for i, key in enumerate(keys) if key == name], method, name)
        if pool is not None:
            pools[name] = pool
    return DayUnits(MappingProxyType(pools), keys) if pools else None
