"""compute_units: billable units for one patient's date of service, under CMS and AMA side by side.

CMS: Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §20.2 (8-minute rule, total time, then
allocation). AMA: CPT time convention (midpoint rule, per code). Untimed codes: 1 unit per date of
service (§20.2 B). The steps are plain sentences a coder can paste into a treatment note. Under CMS each
discipline's minutes (a service's ``discipline``: the PT, OT or SLP plan of care) are pooled apart
(``pooling_per_discipline``: secondary source, replaceable data). A base code billed once per day and its add-on
(97129/97130, the code catalog's ``billing``) share their minutes: the first 15 to the base, the rest to the add-on.

>>> r = compute_units([Service("97110", 33), Service("97140", 7)])
>>> [(line.code, line.units) for line in r.lines], r.other_method.total_timed_units
([('97110', 2), ('97140', 1)], 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import islice
from typing import NamedTuple

from .allocation import CmsAllocation, allocate_ama, allocate_cms_pools
from .codes import CatalogCode, add_on_bases, lookup, normalize_code, plausible_day
from .data_files import data_version, load_data
from .errors import RuleInputError
from .inputs import Service as Service  # what a library caller passes in (not compiled)
from .inputs import ServiceLike
from .limits import MAX_ALTERNATIVES, MAX_MINUTES, MAX_SERVICES
from .types import Discipline, Method
from .unit_table import MINIMUM_MINUTES, band_text, plural
from .value import Value, set_once

METHODS: tuple[Method, ...] = tuple(Method)
CMS_SOURCE = "CMS Pub. 100-04 Ch. 5 §20.2"
AMA_SOURCE = "CPT time convention (midpoint rule)"


class UnitLine(NamedTuple):
    """One distinct code of the day with its merged minutes and its units under a method."""

    code: str
    minutes: int
    timed: bool
    units: int
    label: str | None = None
    discipline: str | None = None


class MethodSummary(NamedTuple):
    method: Method
    total_timed_units: int
    lines: tuple[UnitLine, ...]


class UnitsResult(NamedTuple):
    """compute_units' answer: the method's lines and totals, tie alternatives, steps, notes, the other method."""

    method: Method
    total_timed_minutes: int
    total_timed_units: int
    total_units: int
    lines: tuple[UnitLine, ...]
    alternatives: tuple[tuple[UnitLine, ...], ...]
    alternatives_total: int
    steps: tuple[str, ...]
    rule_ids: tuple[str, ...]
    other_method: MethodSummary
    notes: tuple[str, ...]
    data_version: str


class MergedService(Value):
    """A distinct code of the day, after merging repeats: its minutes, and the minutes of each listing."""

    FIELDS = ("code", "minutes", "timed", "label", "known", "listed", "discipline")

    def __init__(self, code: str, minutes: int, timed: bool, label: str | None, known: bool, listed: tuple[int, ...],
                 discipline: str | None = None) -> None:
        (self.code, self.minutes, self.timed, self.label, self.known, self.listed, self.discipline) = (
            code, minutes, timed, label, known, listed, discipline)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)


class UnitCount(Value):
    """The numbers of one date of service under a method, before any explanation: the distinct codes (first-seen
    order), the CMS allocation of the pooled timed minutes and the CPT midpoint units (one per timed code, in
    order), and the notes about merged repeats. ``first`` is the allocation shown under the method."""

    FIELDS = ("method", "services", "cms", "ama", "merge_notes")

    def __init__(self, method: Method, services: tuple[MergedService, ...], cms: CmsAllocation, ama: tuple[int, ...],
                 merge_notes: tuple[str, ...]) -> None:
        self.method, self.services, self.cms, self.ama, self.merge_notes = method, services, cms, ama, merge_notes

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    @property
    def timed(self) -> tuple[MergedService, ...]:
        return tuple(m for m in self.services if m.timed)

    @property
    def first(self) -> tuple[int, ...]:
        return self.cms.first if self.method == Method.CMS else self.ama  # ties pick in input order

    def bounds(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Each timed code's fewest and most units over every allocation the method allows."""
        return (self.cms.low, self.cms.high) if self.method == Method.CMS else (self.ama, self.ama)

    @property
    def choice_count(self) -> int:
        """How many allocations the method allows (ties: CMS §20.2 Examples 2 and 5; the midpoint rule has none)."""
        return self.cms.choice_count if self.method == Method.CMS else 1


def parse_method(raw: object, field: str = "method") -> Method:
    """``cms`` or ``ama`` as a ``Method``; RuleInputError otherwise."""
    if isinstance(raw, Method):
        return raw
    if raw in METHODS:
        return Method(str(raw))
    raise RuleInputError(field, f"{str(raw)[:20]!r} is not a method", "'cms' or 'ama'")


def count_units(services: Sequence[Service], method: Method | str = Method.CMS) -> UnitCount:
    """The units of one date of service under ``method`` (CMS Pub. 100-04 Ch. 5 §20.2 C; CPT midpoint rule), the
    numbers only: ``compute_units`` explains them, the claim checks compare billed units with them."""
    method = parse_method(method)
    merged, notes = _merge(services)
    return tally(merged, method, notes)


def tally(merged: tuple[MergedService, ...], method: Method, notes: tuple[str, ...] = ()) -> UnitCount:
    """The units of the day's distinct codes (checked and merged already) under ``method``."""
    merged, split_notes = split_add_ons(merged)
    timed = [m for m in merged if m.timed]
    minutes = [m.minutes for m in timed]
    pools = [m.discipline for m in timed] if pooling_per_discipline().per_discipline else [None] * len(timed)
    return UnitCount(method, merged, allocate_cms_pools(minutes, pools), allocate_ama(minutes), notes + split_notes)


class Pooling(NamedTuple):
    """Whether the CMS rule pools each discipline's minutes apart, how sure that is and why (data)."""

    per_discipline: bool
    status: str
    source: str


@cache
def pooling_per_discipline() -> Pooling:
    """The pooling choice (``payer_profiles.json`` ``cms_pooling``): no primary source settles it."""
    return Pooling(**load_data("payer_profiles")["cms_pooling"])


def split_add_ons(merged: tuple[MergedService, ...]) -> tuple[tuple[MergedService, ...], tuple[str, ...]]:
    """A base code billed once per day (97129) and its add-on (97130): the first minutes of their joint time go
    to the base code, the rest to the add-on (code catalog ``billing``), so the base never takes a second unit."""
    bases = add_on_bases()
    out: list[MergedService] = []
    notes: list[str] = []
    done: set[tuple[str | None, str]] = set()
    for m in merged:
        base_code = bases.get(m.code, m.code)
        entry = lookup(base_code)
        if entry is None or entry.billing is None or not m.timed:
            out.append(m)
            continue
        if (m.discipline, base_code) in done:
            continue  # the pair was counted at its first listing
        done.add((m.discipline, base_code))
        billing = entry.billing
        pair = [x for x in merged if x.discipline == m.discipline and x.code in (base_code, billing.add_on)]
        total = sum(x.minutes for x in pair)
        first = min(billing.first_minutes, total)
        given = {x.code: x for x in pair}
        base = given.get(base_code) or merge_listings(base_code, True, entry, ())
        add_on = given.get(billing.add_on) or merge_listings(billing.add_on, True, lookup(billing.add_on), ())
        out.append(base.replace(minutes=first, discipline=m.discipline))
        if total > first or billing.add_on in given:
            out.append(add_on.replace(minutes=total - first, discipline=m.discipline))
        if (base.minutes, add_on.minutes) != (first, total - first):
            notes.append(f"{base_code} is reported once per day for the first {billing.first_minutes} minutes and "
                         f"{billing.add_on} for each further 15 minutes: their {total} minutes are counted as "
                         f"{base_code} {first} min + {billing.add_on} {total - first} min, so {base_code} takes at "
                         f"most 1 unit ({billing.source}).")
    return tuple(out), tuple(notes)


def compute_units(services: Sequence[Service], method: Method | str = Method.CMS) -> UnitsResult:
    """Units for the services of one date of service under ``method``, with the other method beside it, the
    steps and the notes."""
    count = count_units(services, method)
    method = count.method
    merged, timed, cms, ama = count.services, count.timed, count.cms, count.ama
    cms_first = count.first if method == Method.CMS else cms.first
    untimed = [m for m in merged if not m.timed]
    units_by_method = {Method.CMS: cms_first, Method.AMA: ama}

    def lines_for(timed_units: Sequence[int]) -> tuple[UnitLine, ...]:
        units = iter(timed_units)
        return tuple([UnitLine(m.code, m.minutes, m.timed, next(units) if m.timed else 1, m.label, m.discipline)
                      for m in merged])

    other = Method.AMA if method == Method.CMS else Method.CMS
    alternatives_total = count.choice_count - 1
    alternatives = tuple(lines_for(choice) for choice in islice(cms.choices(), 1, MAX_ALTERNATIVES + 1)) \
        if alternatives_total else ()
    timed_units = sum(count.first)
    steps = _cms_pool_steps(timed, cms, cms_first) if method == Method.CMS else _ama_steps(timed, ama)
    steps += _untimed_steps(untimed)
    steps.append(_documentation_step(merged, timed_units + len(untimed)))
    notes = [*count.merge_notes, *_minute_notes(method, timed, cms, cms_first, ama)]
    if alternatives_total:
        notes.append(_tie_note(timed, cms, alternatives_total))
    notes += [f"{m.code} is not in the code catalog: treated as {'timed' if m.timed else 'untimed'}; "
              "pass 'timed' to say otherwise. Code-specific rules were not applied." for m in merged if not m.known]

    return UnitsResult(
        method=method,
        total_timed_minutes=cms.pooled_minutes,
        total_timed_units=timed_units,
        total_units=timed_units + len(untimed),
        lines=lines_for(count.first),
        alternatives=alternatives,
        alternatives_total=alternatives_total,
        steps=tuple(steps),
        rule_ids=_rule_ids(merged, cms if method == Method.CMS else None),
        other_method=MethodSummary(other, sum(units_by_method[other]), lines_for(units_by_method[other])),
        notes=tuple(notes),
        data_version=data_version(),
    )


def _merge(services: Sequence[ServiceLike]) -> tuple[tuple[MergedService, ...], tuple[str, ...]]:
    """Check bounds, normalise codes and merge repeated codes (minutes added), keeping first-seen order."""
    if not 1 <= len(services) <= MAX_SERVICES:
        raise RuleInputError("services", f"{len(services)} services given", f"1 to {MAX_SERVICES} services")
    timed_of: dict[str, bool] = {}
    listed: dict[tuple[str | None, str], list[int]] = {}
    for i, service in enumerate(services):
        code = normalize_code(service.code, f"services[{i}].code")
        discipline = parse_discipline(service.discipline, f"services[{i}].discipline")
        entry = lookup(code)
        given_timed, given_minutes = service.timed, service.minutes
        if given_timed is not None and not isinstance(given_timed, bool):
            raise RuleInputError(f"services[{i}].timed", f"{str(given_timed)[:20]!r} is not true or false",
                                 "true, false or null (the catalog decides)")
        timed = given_timed if given_timed is not None else (entry.timed if entry else True)
        if given_minutes is None and timed:
            raise RuleInputError(f"services[{i}].minutes", f"missing for timed code {code}",
                                 f"whole minutes 0 to {MAX_MINUTES}")
        minutes = given_minutes or 0
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES:
            raise RuleInputError(f"services[{i}].minutes", f"{str(minutes)[:20]!r} is not whole minutes in range",
                                 f"whole minutes 0 to {MAX_MINUTES}")
        if timed_of.setdefault(code, timed) != timed:
            raise RuleInputError(f"services[{i}].timed", f"{code} is listed both as timed and as untimed",
                                 "the same 'timed' value for every listing of a code")
        listed.setdefault((discipline, code), []).append(minutes)
    merged = tuple(merge_listings(code, timed_of[code], lookup(code), minutes).replace(discipline=discipline)
                   for (discipline, code), minutes in listed.items())
    total = sum(m.minutes for m in merged)
    if total > MAX_MINUTES:
        raise RuleInputError("services", f"minutes add up to {total}", f"at most {MAX_MINUTES} in one day")
    notes = tuple(f"{m.code} was listed {len(m.listed)} times; merged into one line of "
                  f"{' + '.join(map(str, m.listed))} = {m.minutes} minutes (one line per code per date of service)."
                  for m in merged if len(m.listed) > 1)
    return merged, notes


def parse_discipline(raw: object, field: str) -> Discipline | None:
    """``pt``, ``ot``, ``slp`` (any case) or None; RuleInputError otherwise."""
    if raw is None:
        return None
    try:
        return Discipline(str(raw).strip().lower())
    except ValueError:
        raise RuleInputError(field, f"{str(raw)[:20]!r} is not a discipline",
                             "'pt', 'ot', 'slp' or null") from None


def merge_listings(code: str, timed: bool, entry: CatalogCode | None, listed: Sequence[int]) -> MergedService:
    """One distinct code of the day from the minutes of each of its listings."""
    return MergedService(code, sum(listed), timed, entry.label if entry else None, entry is not None, tuple(listed))


def _rule_ids(merged: Sequence[MergedService], cms: CmsAllocation | None) -> tuple[str, ...]:
    timed = [m for m in merged if m.timed]
    ids: list[str] = []
    if timed:
        ids += ["units.cms-total-time", "units.cms-allocation"] if cms else ["units.ama-midpoint"]
    if any(0 < m.minutes < MINIMUM_MINUTES for m in timed):
        ids.append("units.minimum-minutes")
    if len(timed) < len(merged):
        ids.append("units.untimed-service")
    if any(m.code in add_on_bases() or m.code in add_on_bases().values() for m in merged):
        ids.append("line.add-on-code")
    if any(not m.known for m in merged):
        ids.append("line.code-known")
    ids.append("units.documentation")
    return tuple(ids)


def _cms_pool_steps(timed: Sequence[MergedService], cms: CmsAllocation, first: Sequence[int]) -> list[str]:
    """The CMS steps, pool by pool when the disciplines' minutes are pooled apart, with a step saying how the
    minutes were pooled and why."""
    if not any(m.discipline for m in timed):  # one pool, the only reading: said when there is something to pool
        return _cms_steps(timed, cms, first) + [
            "Pooling: one pool (no discipline given). Give each service's discipline (pt, ot, slp) to pool the "
            "plans of care apart."] * (len(timed) > 1)
    pooling = pooling_per_discipline()
    disciplines = sorted({m.discipline or "unspecified" for m in timed})
    how = ("all disciplines in one pool (per-discipline pooling is switched off in the data)"
           if not pooling.per_discipline else f"each discipline on its own ({', '.join(disciplines).upper()})"
           if len(disciplines) > 1 else f"one pool ({disciplines[0].upper()})")
    steps = [f"Pooling: {how}. Each plan of care's timed minutes (GP, GO, GN) are pooled apart, not across "
             f"disciplines: {pooling.source} [{pooling.status}]."]
    if not cms.pools:
        return steps + _cms_steps(timed, cms, first)
    for pool in cms.pools:
        name = (pool.name or "unspecified").upper()
        pool_first = [first[i] for i in pool.positions]
        steps += [f"{name} pool: {step}" for step in
                  _cms_steps([timed[i] for i in pool.positions], pool.allocation, pool_first)]
    return steps


def _cms_steps(timed: Sequence[MergedService], cms: CmsAllocation, first: Sequence[int]) -> list[str]:
    if not timed:
        return ["No timed (15-minute) codes: the 8-minute rule does not apply."]
    listing = ", ".join(f"{m.code} {m.minutes} min" for m in timed)
    steps = [f"Timed codes: {listing}; total timed minutes = {cms.pooled_minutes} ({CMS_SOURCE} C: "
             "the day's total decides the units)."]
    steps.append(f"Unit table: {cms.pooled_minutes} minutes falls in {band_text(cms.pooled_minutes)}, "
                 f"so {plural(cms.total_units, 'timed unit')} may be billed.")
    if cms.total_units == 0:
        return steps
    full = ", ".join(f"{m.code} {plural(f, 'full unit')} ({left} min left)"
                     for m, f, left in zip(timed, cms.full, cms.leftovers, strict=True))
    steps.append(f"Full 15-minute blocks per code: {full}; {plural(sum(cms.full))} assigned.")
    remaining = cms.total_units - sum(cms.full)
    if remaining:
        by_left = sorted(zip(timed, cms.leftovers, strict=True), key=lambda p: -p[1])
        ranking = ", ".join(f"{m.code} {left} min" for m, left in by_left)
        steps.append(f"{plural(remaining)} left: each goes to a code with the most leftover minutes "
                     f"({ranking}).")
        if cms.tie_picks:
            tied = " and ".join(timed[i].code for i in cms.tied)
            steps.append(f"{tied} tie with {cms.leftovers[cms.tied[0]]} leftover minutes for "
                         f"{plural(cms.tie_picks)}: the provider chooses (CMS §20.2 Examples 2 and 5); "
                         "the first choice in input order is shown, the others are in alternatives.")
    result = ", ".join(f"{m.code} x {u}" for m, u in zip(timed, first, strict=True))
    steps.append(f"Timed units: {result} = {cms.total_units}.")
    return steps


def _ama_steps(timed: Sequence[MergedService], ama: Sequence[int]) -> list[str]:
    if not timed:
        return ["No timed (15-minute) codes: the midpoint rule does not apply."]
    per_code = "; ".join(f"{m.code} {m.minutes} min: {band_text(m.minutes)}"
                         for m, u in zip(timed, ama, strict=True))
    return [f"CPT midpoint rule, each code on its own minutes (no pooling): {per_code}.",
            f"Timed units: {' + '.join(map(str, ama))} = {sum(ama)}."]


def _untimed_steps(untimed: Sequence[MergedService]) -> list[str]:
    if not untimed:
        return []
    codes = ", ".join(m.code for m in untimed)
    return [f"Untimed (service-based) codes: {codes}: 1 unit each per date of service, whatever the minutes; "
            f"their minutes are not timed minutes ({CMS_SOURCE} B)."]


def _documentation_step(merged: Sequence[MergedService], total_units: int) -> str:
    timed_minutes = sum(m.minutes for m in merged if m.timed)
    treatment = sum(m.minutes for m in merged)
    return (f"Document: total timed minutes {timed_minutes}, total treatment time {treatment} minutes "
            f"(timed and untimed), {plural(total_units)} billed (Pub. 100-02 Ch. 15 §220.3).")


def _minute_notes(method: Method, timed: Sequence[MergedService], cms: CmsAllocation, first: Sequence[int],
                  ama: Sequence[int]) -> list[str]:
    notes: list[str] = []
    if method == Method.CMS:
        if timed and 0 < cms.pooled_minutes < MINIMUM_MINUTES:
            notes.append(f"Total timed minutes ({cms.pooled_minutes}) are under {MINIMUM_MINUTES}: no timed unit "
                         "may be billed under the 8-minute rule; document the time anyway.")
        for i, m in enumerate(timed):
            pool = cms.pool_of(i)
            if m.minutes >= MINIMUM_MINUTES and first[i] == 0 and pool.pooled_minutes >= MINIMUM_MINUTES:
                in_tie = i in cms.tied and cms.tie_picks
                whose = f"the {m.discipline.upper()} pool's" if cms.pools and m.discipline else "the day's"
                notes.append(f"{m.code} ({m.minutes} min) gets no unit"
                             f"{' in the allocation shown' if in_tie else ''}: {whose} {pool.pooled_minutes} "
                             f"timed minutes support only {plural(pool.total_units)}, which "
                             f"{'goes to the code' if pool.total_units == 1 else 'go to the codes'} with "
                             "the most time (CMS §20.2 Example 4). Document it anyway.")
            if 0 < m.minutes < MINIMUM_MINUTES and (first[i] > 0 or (i in cms.tied and cms.tie_picks)):
                notes.append(f"{m.code} has only {m.minutes} min yet may take a unit: under CMS the pooled minutes, "
                             "not each code's own, set the units (CMS §20.2 Examples 3 and 5).")
    else:
        notes += [f"{m.code} ({m.minutes} min) is under {MINIMUM_MINUTES} minutes: no unit under the midpoint rule."
                  for m, u in zip(timed, ama, strict=True) if 0 < m.minutes < MINIMUM_MINUTES]
    notes += [f"{m.code} is listed with 0 minutes: it earns no unit." for m in timed if m.minutes == 0]
    most, status = plausible_day()
    notes += [f"{m.code} has {m.minutes} minutes on one date of service, more than {most // 60} hours of one code "
              f"(beyond a plausible day; {status}): check the minutes are this date's, for this code."
              for m in timed if m.minutes > most]
    return notes


def _tie_note(timed: Sequence[MergedService], cms: CmsAllocation, alternatives_total: int) -> str:
    listed = min(alternatives_total, MAX_ALTERNATIVES)
    shown = "" if listed == alternatives_total else f" (the first {listed} are listed)"
    tied = ", ".join(timed[i].code for i in cms.tied)
    return (f"Tie: {tied} have equal leftover minutes; the rule allows {alternatives_total + 1} allocations, "
            f"all equally correct{shown}. The provider chooses one and the documentation should support it.")
