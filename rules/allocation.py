"""Who gets the units: CMS allocation of pooled minutes, and the CPT midpoint rule per code.

CMS (Pub. 100-04 Ch. 5 §20.2 C, Examples 1-5; NCCI Policy Manual Ch. I §E): the day's total timed
minutes set the number of units; each code first gets its full 15-minute blocks ("at least 15 minutes,
at least 1 unit"), then the units left go one each to the codes with the most leftover minutes. Where
leftovers tie at the cut-off, the provider chooses (Examples 2 and 5): every choice is enumerated.

AMA/CPT (CPT introduction, time convention, "a unit of time is attained when the mid-point is passed"):
the same table per code, with no pooling.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations, product
from math import comb, prod

from .unit_table import UNIT_MINUTES, units_for_minutes
from .value import Value, set_once


class CmsAllocation(Value):
    """The units the pooled minutes support and every way the CMS rule lets them be assigned.

    ``full[i]`` is code i's full 15-minute blocks and ``leftovers[i]`` its minutes beyond them; ``sure`` are
    the codes whose leftover minutes certainly earn one more unit; ``tied`` are the codes whose equal leftovers
    compete for the ``tie_picks`` units that remain. ``first`` is the allocation shown (tied codes picked in input
    order), ``low`` and ``high`` each code's fewest and most units over every allowed allocation. ``pools``: when
    each discipline's minutes are pooled apart, each pool's codes and its own allocation.
    """

    FIELDS = ("minutes", "pooled_minutes", "total_units", "full", "leftovers", "sure", "tied", "tie_picks", "first",
              "low", "high", "pools")

    def __init__(self, minutes: tuple[int, ...], pooled_minutes: int, total_units: int, full: tuple[int, ...],
                 leftovers: tuple[int, ...], sure: tuple[int, ...], tied: tuple[int, ...], tie_picks: int,
                 first: tuple[int, ...], low: tuple[int, ...], high: tuple[int, ...],
                 pools: tuple[Pool, ...] = ()) -> None:
        (self.minutes, self.pooled_minutes, self.total_units, self.full, self.leftovers, self.sure, self.tied,
         self.tie_picks, self.first, self.low, self.high, self.pools) = (
            minutes, pooled_minutes, total_units, full, leftovers, sure, tied, tie_picks, first, low, high, pools)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    @property
    def choice_count(self) -> int:
        """How many allocations the rule allows (1 when the answer is unique)."""
        if self.pools:
            return prod(pool.allocation.choice_count for pool in self.pools)
        return comb(len(self.tied), self.tie_picks)

    def pool_of(self, index: int) -> CmsAllocation:
        """The allocation of the pool code ``index`` was counted in (itself when there is one pool)."""
        return next((pool.allocation for pool in self.pools if index in pool.positions), self)

    def choices(self) -> Iterator[tuple[int, ...]]:
        """Every allowed allocation, units per code; the first is ``first`` (tied codes picked in input order)."""
        if self.pools:
            for picks in product(*(pool.allocation.choices() for pool in self.pools)):
                yield _placed(len(self.minutes), self.pools, picks)
            return
        for picked in combinations(self.tied, self.tie_picks):
            yield _with_extra(self.full, {*self.sure, *picked})


class Pool(Value):
    """One pool of a day's timed minutes (a discipline's plan of care): its name, the positions of its codes
    among all the day's timed codes, and the CMS allocation of its own minutes."""

    FIELDS = ("name", "positions", "allocation")

    def __init__(self, name: str | None, positions: tuple[int, ...], allocation: CmsAllocation) -> None:
        self.name, self.positions, self.allocation = name, positions, allocation

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


def _placed(size: int, pools: Sequence[Pool], per_pool: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """Per-pool values put back at their codes' positions among all the day's codes."""
    values = [0] * size
    for pool, pool_values in zip(pools, per_pool, strict=True):
        for position, value in zip(pool.positions, pool_values, strict=True):
            values[position] = value
    return tuple(values)


def allocate_cms_pools(minutes: Sequence[int], pool_of: Sequence[str | None]) -> CmsAllocation:
    """The CMS 8-minute rule applied to each pool of minutes on its own (``pool_of[i]``: code i's pool, e.g. its
    discipline), as one allocation over all the codes; one pool is ``allocate_cms`` itself."""
    names = list(dict.fromkeys(pool_of))
    if len(names) < 2:
        return allocate_cms(minutes)
    pools = tuple(Pool(name, positions, allocate_cms([minutes[i] for i in positions]))
                  for name in names for positions in [tuple(i for i, p in enumerate(pool_of) if p == name)])

    def placed(field: str) -> tuple[int, ...]:
        return _placed(len(minutes), pools, [getattr(pool.allocation, field) for pool in pools])

    def indices(field: str) -> tuple[int, ...]:
        return tuple(sorted(pool.positions[i] for pool in pools for i in getattr(pool.allocation, field)))

    return CmsAllocation(tuple(minutes), pooled_minutes(minutes), sum(p.allocation.total_units for p in pools),
                         placed("full"), placed("leftovers"), indices("sure"), indices("tied"),
                         sum(p.allocation.tie_picks for p in pools), placed("first"), placed("low"), placed("high"),
                         pools)


def _with_extra(full: tuple[int, ...], extra: set[int] | tuple[int, ...]) -> tuple[int, ...]:
    """Each code's full blocks, plus one unit for the codes in ``extra``."""
    return tuple(f + (i in extra) for i, f in enumerate(full))


def pooled_minutes(minutes: Sequence[int]) -> int:
    """Total timed minutes of the day (CMS §20.2 C: the total determines the units)."""
    return sum(minutes)


def allocate_cms(minutes: Sequence[int]) -> CmsAllocation:
    """Units per code under the CMS 8-minute rule (CMS Pub. 100-04 Ch. 5 §20.2 C)."""
    minutes = tuple(minutes)
    pooled = pooled_minutes(minutes)
    total_units = units_for_minutes(pooled)
    full = tuple(m // UNIT_MINUTES for m in minutes)
    leftovers = tuple(m % UNIT_MINUTES for m in minutes)
    extra = total_units - sum(full)  # 0 <= extra <= number of codes with leftover minutes
    if extra == 0:
        return CmsAllocation(minutes, pooled, total_units, full, leftovers, (), (), 0, full, full, full)
    cutoff = sorted(leftovers, reverse=True)[extra - 1]  # the leftover of the last code to get a unit
    sure = tuple(i for i, left in enumerate(leftovers) if left > cutoff)
    tied = tuple(i for i, left in enumerate(leftovers) if left == cutoff)
    if len(sure) + len(tied) == extra:  # every code at the cut-off gets a unit: no choice to make
        first = _with_extra(full, sure + tied)
        return CmsAllocation(minutes, pooled, total_units, full, leftovers, tuple(sorted(sure + tied)), (), 0,
                             first, first, first)
    picks = extra - len(sure)
    low = _with_extra(full, sure)  # a tied code may get its extra unit or not (fewer units left than tied codes)
    return CmsAllocation(minutes, pooled, total_units, full, leftovers, sure, tied, picks,
                         _with_extra(full, {*sure, *tied[:picks]}), low, _with_extra(low, tied))


def allocate_ama(minutes: Sequence[int]) -> tuple[int, ...]:
    """Units per code under the CPT midpoint rule: the unit table applied to each code alone."""
    return tuple(units_for_minutes(m) for m in minutes)
