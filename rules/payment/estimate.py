"""What Medicare allows and pays for one patient's therapy visit: RVUs x GPCIs x the conversion factor, the
therapy MPPR, the CQ/CO 85%, coinsurance and sequestration, each by date of service.

Order (CMS Pub. 100-04 Ch. 5 §10.7 and §20.1): each unit's fee-schedule amount is
``(work x GPCI_work + PE x share x GPCI_PE + MP x GPCI_MP) x CF``, where ``share`` is 1 for the one unit of an MPPR
code with the highest practice-expense payment that day (ties: the higher total amount, then the first listed)
and the parameter ``mppr_practice_expense_rate`` for every other unit of an MPPR code; a CQ/CO line's units are then
paid at ``assistant_payment_rate`` (taken last). Rounding: each unit's amount to the cent, half up; a line is the sum
of its units; coinsurance and sequestration are rounded to the cent on the visit's totals. The Part B deductible
is not taken into account (it depends on the patient's year).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from ..claims.model import NotChecked
from ..claims.modifiers import modifiers
from ..claims.normalize import normalize_modifiers
from ..codes import lookup, normalize_code
from ..parameters import Value, parameter
from .fee_schedule import Locality, Release, Rvu, gpci_release, locality, pfs_status, rvu_release, rvus
from .pfs_import import PfsYear

CENT = Decimal("0.01")
IMPORT_HOW = ("import the official CMS PFS Relative Value File ZIP of that year: cpt97124-mcp data import-pfs "
              "RVU{yy}A.zip (https://www.cms.gov/medicare/payment/fee-schedules/physician/pfs-relative-value-files)")
ASSISTANT_NOTE = ("CQ/CO lines: the 85% is applied to each unit's amount after the MPPR, so the line's allowed amount, "
                  "its coinsurance and Medicare's payment are all 85% of the full-rate amounts.")
ROUNDING = ("Each unit's amount is rounded to the cent (half up); a line is the sum of its units; coinsurance and "
            "sequestration are rounded to the cent on the visit's totals.")


class PaymentLine(NamedTuple):
    """A line to price: code, units, modifiers (CQ/CO mark an assistant's line)."""

    code: str
    units: int
    modifiers: tuple[str, ...] = ()


class UnitAmount(NamedTuple):
    unit: int  # 1-based, within the line
    mppr_applied: bool  # practice expense paid at the MPPR share
    pe_share: float
    amount: float  # after MPPR and the CQ/CO rate, rounded to the cent
    amount_without_mppr: float


class LineAmount(NamedTuple):
    code: str
    units: int
    modifiers: tuple[str, ...]
    pfs_status: str | None  # the PFS status indicator; None: the code is not in the year's table
    work_rvu: float | None
    pe_rvu: float | None
    mp_rvu: float | None
    mppr_code: bool
    assistant_rate: float | None  # the CQ/CO share paid, when the line carries CQ or CO
    unit_amounts: tuple[UnitAmount, ...]
    allowed: float | None  # None: not estimated (see not_paid / not_checked)
    allowed_without_mppr: float | None
    not_paid: str | None  # why the line is not paid, when Medicare does not pay it


class SequestrationAmount(NamedTuple):
    before_sequestration: float
    sequestration_rate: float
    sequestration: float
    after_sequestration: float


class PaymentEstimate(NamedTuple):
    date_of_service: date
    locality: str
    locality_name: str
    gpci_work: float | None
    gpci_pe: float | None
    gpci_mp: float | None
    conversion_factor: float | None
    conversion_factor_qualifying_apm: float | None
    lines: tuple[LineAmount, ...]
    allowed_total: float | None
    allowed_without_mppr: float | None
    coinsurance: float | None
    medicare_payment: SequestrationAmount | None
    toward_kx_threshold: float | None
    rounding: str
    steps: tuple[str, ...]
    rule_ids: tuple[str, ...]
    sources: tuple[str, ...]
    status: str  # clean | incomplete
    not_checked: tuple[NotChecked, ...]
    notes: tuple[str, ...]
    data_version: str


def cents(amount: Decimal) -> Decimal:
    """``amount`` rounded to the cent, half up (the rounding of every amount of an estimate)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


class _Context(NamedTuple):
    day: date
    place: Locality
    cf: Decimal
    mppr_share: Decimal | None
    assistant: Value | None
    steps: list[str]


def _unit_fee(rvu: Rvu, place: Locality, cf: Decimal, pe_share: Decimal) -> Decimal:
    return (rvu.work * place.work + rvu.pe * pe_share * place.pe + rvu.mp * place.mp) * cf


def _full_unit(lines: Sequence[PaymentLine], table: Mapping[str, Rvu], ctx: _Context) -> tuple[int, int] | None:
    """(line index, unit index) of the MPPR unit paid in full: highest PE payment, then highest total, then first."""
    candidates = [(i, ln) for i, ln in enumerate(lines) if ln.units and ln.code in table and table[ln.code].mppr
                  and pfs_status(table[ln.code].status).paid]
    if not candidates or ctx.mppr_share is None:
        return None
    def rank(candidate: tuple[int, PaymentLine]) -> tuple[Decimal, Decimal, int]:
        rvu = table[candidate[1].code]
        return rvu.pe, _unit_fee(rvu, ctx.place, ctx.cf, Decimal(1)), -candidate[0]

    best = max(candidates, key=rank)
    return best[0], 0


def _not_paid(code: str, rvu: Rvu | None, year: int) -> tuple[str | None, NotChecked | None]:
    """Why a line gets no estimate: not paid (a reason), or not priced here (a NotChecked)."""
    if rvu is not None:
        status = pfs_status(rvu.status)
        if status.paid is False:
            return f"{code} has PFS status {rvu.status} in {year}: {status.meaning}; Medicare pays nothing.", None
        if status.paid is None:
            return None, NotChecked("pay.fee-schedule", f"{code}: {status.meaning}",
                                    "ask the MAC for its fee for this code")
        return None, None
    entry = lookup(code)
    if entry is not None and entry.medicare is not None:
        instead = f"; bill {entry.medicare.replaced_by}" if entry.medicare.replaced_by else ""
        word = "bundled (status B): never paid separately" if entry.medicare.status == "bundled" else \
            "not recognised by Medicare"
        return f"{code} is {word}{instead} ({entry.medicare.source}).", None
    return None, NotChecked("pay.fee-schedule", f"{code} is not in the CY {year} therapy-code table (the codes with "
                            "multiple-procedure indicator 5): its amount is not estimated here",
                            "look the code up in the MAC's physician fee schedule for the locality")


def _price_line(index: int, line: PaymentLine, rvu: Rvu, full: tuple[int, int] | None, ctx: _Context) -> LineAmount:
    present = [m for m in line.modifiers if m in modifiers().assistant_modifiers]
    rate = Decimal(str(ctx.assistant.value)) if present and ctx.assistant is not None else None
    units = []
    for unit in range(line.units):
        reduced = rvu.mppr and ctx.mppr_share is not None and full is not None and full != (index, unit)
        share = ctx.mppr_share if reduced and ctx.mppr_share is not None else Decimal(1)
        factor = rate if rate is not None else Decimal(1)
        amount = cents(_unit_fee(rvu, ctx.place, ctx.cf, share) * factor)
        units.append(UnitAmount(unit + 1, reduced, float(share), float(amount),
                                float(cents(_unit_fee(rvu, ctx.place, ctx.cf, Decimal(1)) * factor))))
    allowed = sum((Decimal(str(u.amount)) for u in units), Decimal(0))
    without = sum((Decimal(str(u.amount_without_mppr)) for u in units), Decimal(0))
    ctx.steps.append(_line_step(line, rvu, units, ctx, present[0] if rate is not None else None, allowed))
    return LineAmount(line.code, line.units, line.modifiers, rvu.status, float(rvu.work), float(rvu.pe), float(rvu.mp),
                      rvu.mppr, float(rate) if rate is not None else None, tuple(units), float(allowed),
                      float(without), None)


def _line_step(line: PaymentLine, rvu: Rvu, units: Sequence[UnitAmount], ctx: _Context, assistant: str | None,
               allowed: Decimal) -> str:
    p = ctx.place
    parts = []
    for u in units:
        pe = f"{rvu.pe} x {u.pe_share:g}" if u.mppr_applied else f"{rvu.pe}"
        rate = f" x {ctx.assistant.value:g} ({assistant})" if assistant and ctx.assistant else ""
        parts.append(f"unit {u.unit}{' (MPPR)' if u.mppr_applied else ' (full)'}: ({rvu.work} x {p.work} + {pe} x "
                     f"{p.pe} + {rvu.mp} x {p.mp}) x ${ctx.cf}{rate} = ${u.amount:.2f}")
    return f"{line.code} x {line.units}: " + "; ".join(parts) + f"; line allowed {_money(allowed)}."


def _incomplete(ctx_day: date, place: Locality | None, cf: Value | None, lines: Sequence[PaymentLine],
                missing: NotChecked, data_version: str, asked: str | None) -> PaymentEstimate:
    qp = parameter("pfs_conversion_factor_qualifying_apm", ctx_day)
    steps = [f"Conversion factor on {ctx_day.isoformat()}: "
             + (f"${cf.value} (from {cf.effective_from.isoformat()}; {cf.source})" if cf else "not known")
             + (f"; ${qp.value} for qualifying APM participants" if qp else "") + ".", missing.reason + "."]
    empty = tuple(LineAmount(ln.code, ln.units, ln.modifiers, None, None, None, None, False, None, (), None, None, None)
                  for ln in lines)
    return PaymentEstimate(
        ctx_day, place.id if place else str(asked), place.name if place else "(GPCIs not embedded)", None, None, None,
        float(cf.value) if cf else None, float(qp.value) if qp else None, empty, None, None, None, None, None,
        ROUNDING, tuple(steps), ("pay.fee-schedule",), (cf.source,) if cf else (), "incomplete", (missing,),
        (), data_version)


def estimate_payment(lines: Sequence[PaymentLine], date_of_service: date, locality_id: str | None = None,
                     imported: PfsYear | None = None) -> PaymentEstimate:
    """The Medicare estimate of one patient's visit (see the module docstring); ``imported``: the date's year as
    imported from the official RVU ZIP (``pfs_import.imported_year``), used instead of the embedded tables. Raises
    RuleInputError for a locality the year's GPCI table does not have."""
    lines = [PaymentLine(normalize_code(ln.code, f"lines[{i}].code"), ln.units,
                         normalize_modifiers(ln.modifiers, f"lines[{i}].modifiers")) for i, ln in enumerate(lines)]
    year = date_of_service.year
    table, release = (imported.rvus, imported.release) if imported else (rvus(year), rvu_release(year))
    cf = parameter("pfs_conversion_factor", date_of_service)
    place = locality(year, locality_id, imported.localities if imported else None)
    gpci = imported.release if imported and imported.localities else gpci_release(year)
    version = _data_version(release, gpci if locality_id else None)
    if table is None or release is None:
        return _incomplete(date_of_service, place, cf, lines, NotChecked(
            "pay.fee-schedule", f"no CY {year} RVUs are embedded or imported (an estimate never uses another year's)",
            IMPORT_HOW.format(yy=f"{year % 100:02d}")), version, locality_id)
    if cf is None:
        return _incomplete(date_of_service, place, cf, lines, NotChecked(
            "pay.fee-schedule", f"no conversion factor is known for {date_of_service.isoformat()}",
            "add the year's conversion factor to parameters.json (pfs_conversion_factor)"), version, locality_id)
    if place is None:
        return _incomplete(date_of_service, place, cf, lines, NotChecked(
            "pay.fee-schedule", f"no CY {year} GPCIs are embedded for locality {locality_id}",
            "leave locality empty for the national amounts, or import the year's GPCI file"), version, locality_id)
    return _estimate(lines, date_of_service, table, release, cf, place, version)


def _data_version(release: Release | None, gpci: Release | None) -> str:
    names = [f"PFS {release.release}" if release else "no PFS RVU release", gpci.release if gpci else None]
    return "; ".join(name for name in names if name)


def _estimate(lines: Sequence[PaymentLine], day: date, table: Mapping[str, Rvu], release: Release, cf: Value,
              place: Locality, version: str) -> PaymentEstimate:
    mppr = parameter("mppr_practice_expense_rate", day)
    ctx = _Context(day, place, Decimal(str(cf.value)), Decimal(str(mppr.value)) if mppr else None,
                   parameter("assistant_payment_rate", day), [])
    ctx.steps.append(f"Fee schedule {release.release} (CY {day.year}); conversion factor ${cf.value} on "
                     f"{day.isoformat()} (from {cf.effective_from.isoformat()}); locality {place.name}"
                     + ("" if place.id == "national" else f" ({place.id})")
                     + f": GPCI work {place.work}, PE {place.pe}, MP {place.mp}.")
    full = _full_unit(lines, table, ctx)
    if full is not None and mppr is not None:
        ctx.steps.append(f"MPPR: the unit of {lines[full[0]].code} (highest practice expense) is paid in full; every "
                         f"other unit of an MPPR code has its PE at {mppr.value:.0%}.")
    priced, missing, reasons = [], [], []
    for index, line in enumerate(lines):
        rvu = table.get(line.code)
        reason, not_checked = _not_paid(line.code, rvu, day.year)
        if rvu is None or reason or not_checked:
            priced.append(LineAmount(line.code, line.units, line.modifiers, rvu.status if rvu else None, None, None,
                                     None, bool(rvu and rvu.mppr), None, (), 0.0 if reason else None,
                                     0.0 if reason else None, reason))
            missing += [not_checked] if not_checked else []
            reasons += [reason] if reason else []
            continue
        priced.append(_price_line(index, line, rvu, full, ctx))
    return _totals(day, place, cf, tuple(priced), ctx, release, tuple(missing), tuple(reasons), version,
                   uses_mppr=full is not None and any(u.mppr_applied for ln in priced for u in ln.unit_amounts))


def _totals(day: date, place: Locality, cf: Value, priced: tuple[LineAmount, ...], ctx: _Context, release: Release,
            missing: tuple[NotChecked, ...], reasons: tuple[str, ...], version: str,
            uses_mppr: bool) -> PaymentEstimate:
    allowed = sum((Decimal(str(ln.allowed)) for ln in priced if ln.allowed is not None), Decimal(0))
    without = sum((Decimal(str(ln.allowed_without_mppr)) for ln in priced if ln.allowed_without_mppr is not None),
                  Decimal(0))
    coinsurance_rate = parameter("part_b_coinsurance_rate", day)
    rate = Decimal(str(coinsurance_rate.value)) if coinsurance_rate else Decimal(0)
    coinsurance = cents(allowed * rate)
    payment = allowed - coinsurance
    seq = parameter("sequestration_rate", day)
    seq_rate = Decimal(str(seq.value)) if seq else Decimal(0)
    sequestration = cents(payment * seq_rate)
    ctx.steps.append(f"Allowed {_money(allowed)} (without MPPR {_money(without)}); coinsurance {rate:.0%} = "
                     f"{_money(coinsurance)}; Medicare pays {_money(payment)} before sequestration, "
                     f"{_money(payment - sequestration)} after {seq_rate:.0%} sequestration. {ROUNDING}")
    rule_ids = ["pay.fee-schedule"] + (["pay.mppr"] if uses_mppr else []) \
        + (["pay.cq-co-reduction"] if any(ln.assistant_rate for ln in priced) else []) \
        + ["pay.coinsurance", "pay.sequestration"]
    sources = [f"{release.source}" + ("" if release.status == "primary" else f" [{release.status}]"), cf.source]
    sources += [v.source for v in (coinsurance_rate, seq) if v is not None]
    return PaymentEstimate(
        day, place.id, place.name, float(place.work), float(place.pe), float(place.mp), float(cf.value),
        None, priced, float(allowed), float(without), float(coinsurance),
        SequestrationAmount(float(payment), float(seq_rate), float(sequestration), float(payment - sequestration)),
        float(allowed), ROUNDING, tuple(ctx.steps), tuple(rule_ids), tuple(sources),
        "incomplete" if missing else "clean", missing,
        reasons + (("The Part B deductible is not taken into account.",) if allowed else ())
        + ((ASSISTANT_NOTE,) if "pay.cq-co-reduction" in rule_ids else ()), version)
