"""Units against minutes, per line and for the whole date of service; codes the catalog does not know.

- ``line.units-vs-minutes``: billed units above (error) or below (warning) what the minutes support under the
  method (CMS Pub. 100-04 Ch. 5 §20.2 C; CPT midpoint rule per code).
- ``units.untimed-service``: an untimed code is 1 unit per date of service (CMS Pub. 100-04 Ch. 5 §20.2 B).
- ``session.total-timed-units``: under CMS the day's pooled timed minutes cap the timed units of all lines
  together (CMS Pub. 100-04 Ch. 5 §20.2 C, Example 4; NCCI Policy Manual Ch. I §E), e.g. 10 minutes of 97124
  and 10 of 97110 support 1 unit, not 1 + 1; each discipline's lines (GP, GO, GN) are one pool (``day``).
- A code on several lines (units with and without CQ) is judged as one: its units are shared by minutes.
- ``line.code-known``: a code the catalog does not know gets no code-specific rule (``NotChecked``).

The arithmetic is ``rules.units.count_units`` (never reimplemented here), run once per claim (``Claim.day``).
"""

from __future__ import annotations

from ..types import Method, Severity
from ..unit_table import MINIMUM_MINUTES, minutes_band, plural
from .day import PoolUnits, line_pool, share
from .model import Claim, ClaimLine, Finding, NotChecked, Repair, finding


def expected_units(claim: Claim, index: int) -> int | None:
    """What the minutes support for this line's code under the claim's method (None without minutes)."""
    line = claim.lines[index]
    if line.entry is None:
        return None
    if not line.entry.timed:
        return 1
    pool = claim.day.pool(index) if claim.day else None
    if line.minutes is None or pool is None:
        return None
    low, first, high = pool.codes[line.code]
    billed, position, minutes = _code_lines(claim, pool, index)
    if low <= billed <= high:
        return line.units  # one of the allocations the rule equally allows (a tie)
    return share(first, minutes)[position]


def _code_lines(claim: Claim, pool: PoolUnits, index: int) -> tuple[int, int, list[int]]:
    """The units billed on every line of this line's code in its pool, this line's position among them and
    their minutes (a code split over lines, e.g. with and without CQ, is judged as one)."""
    indices = pool.lines_of[claim.lines[index].code]
    lines = [claim.lines[i] for i in indices]
    return sum(ln.units for ln in lines), indices.index(index), [ln.minutes or 0 for ln in lines]


def code_known(claim: Claim, index: int) -> list[NotChecked]:
    line = claim.lines[index]
    if line.entry is not None:
        return []
    return [NotChecked(
        "line.code-known",
        f"{line.code} is not in this tool's code catalog: it is not known whether it is timed, and the code-specific "
        "rules (units, therapy modifiers, provider rules) were not applied to it.",
        "Check the code against the current CPT/HCPCS code set and the payer's fee schedule; this tool cannot "
        "judge it until its code catalog lists it.")]


def units_vs_minutes(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if line.entry is None:
        return []
    if not line.entry.timed:
        if line.units == 1:
            return []
        return [finding(
            "units.untimed-service", Severity.ERROR,
            f"{line.code} is an untimed (service-based) code billed as {plural(line.units)}: it is 1 unit per "
            "date of service whatever the minutes.",
            f"Bill {line.code} as 1 unit.", Repair(units=1))]
    if line.minutes is None:
        return [finding(
            "line.units-vs-minutes", Severity.INFO,
            f"No minutes were given for {line.code}: its {plural(line.units)} could not be checked against the time.",
            "Give the documented timed minutes of this code ('minutes') to check the units.")]
    day = claim.day.pool(index) if claim.day else None
    assert day is not None  # this line has minutes
    low, first, high = day.codes[line.code]
    billed, position, minutes = _code_lines(claim, day, index)
    if low <= billed <= high:
        return []
    code_minutes = sum(minutes)
    if claim.method == Method.CMS:
        basis = (f"{day.label} {day.total_timed_minutes} pooled timed minutes support "
                 f"{plural(day.total_timed_units)} in all, of which {line.code} "
                 f"({code_minutes} min) may take {low if low == high else f'{low} to {high}'}"
                 " under the CMS 8-minute rule")
        if day.unpooled:
            basis += f" (timed lines without minutes, {', '.join(day.unpooled)}, were left out of the pool)"
    else:
        basis = (f"its {code_minutes} minutes support {plural(first)} under the CPT midpoint rule "
                 f"({MINIMUM_MINUTES}-{minutes_band(1)[1]} min = 1 unit)")
    code_target = high if billed > high else low
    if len(minutes) > 1:
        shares = share(code_target, minutes)
        if line.units == shares[position]:
            return []  # this line's part is right; the code's other lines carry the difference
        basis += (f"; {line.code} is on {len(minutes)} lines ({' + '.join(map(str, minutes))} min) billing "
                  f"{plural(billed)} together, shared by minutes as {' + '.join(map(str, shares))}")
        target = shares[position]
    else:
        target = code_target
    repair = Repair(units=target) if target >= 1 else None
    fix = f"Bill {line.code} as {plural(target)}." if target >= 1 else (
        f"Do not bill {line.code} for this time (no unit is supported); document the minutes.")
    if line.units > target:
        return [finding("line.units-vs-minutes", Severity.ERROR,
                        f"{line.code} is billed {plural(line.units)}, but {basis}.", fix, repair)]
    return [finding("line.units-vs-minutes", Severity.WARNING,
                    f"{line.code} is billed {plural(line.units)}, fewer than the minutes support: {basis}.",
                    fix + " (Under-billing is not a denial, but the documented time supports more.)", repair)]


def total_timed_units(claim: Claim) -> list[Finding]:
    """The day's billed timed units against the pooled minutes (CMS only; two or more timed lines)."""
    if claim.method != Method.CMS:
        return []
    keys = claim.day.pool_of_line if claim.day else tuple(line_pool(ln, claim.plan_of_care) for ln in claim.lines)
    return [f for name in dict.fromkeys(keys) for f in _pool_total(claim, name, [
        ln for ln, key in zip(claim.lines, keys, strict=True) if key == name and ln.entry and ln.entry.timed])]


def _pool_total(claim: Claim, name: str | None, timed: list[ClaimLine]) -> list[Finding]:
    """One pool's billed timed units against its pooled minutes (two or more timed lines)."""
    if len(timed) < 2:
        return []
    day = claim.day.pools.get(name) if claim.day else None
    whose = f"The {name.upper()} plan of care's" if name else "The day's"
    if day is None or day.unpooled:
        missing = ", ".join(day.unpooled) if day else ", ".join(ln.code for ln in timed)
        return [finding(
            "session.total-timed-units", Severity.INFO,
            f"{whose} pooled timed units could not be checked: no minutes for {missing}.",
            "Give the minutes of every timed line of the date of service.")]
    billed = sum(ln.units for ln in timed)
    supported = day.total_timed_units
    if billed <= supported:
        return []
    others = f" ({day.other_allocations} other allocations are equally allowed)" if day.other_allocations else ""
    return [finding(
        "session.total-timed-units", Severity.ERROR,
        f"The timed lines bill {billed} units in total, but {day.label} {day.total_timed_minutes} pooled "
        f"timed minutes support only {plural(supported)} under the CMS 8-minute rule: billing each code for its "
        "own minutes over-bills.",
        f"Bill {supported} timed units in total, allocated as: {day.shown()}{others}.")]
