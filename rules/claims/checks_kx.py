"""KX modifier against the per-beneficiary threshold of the date of service's calendar year.

Above the threshold, KX confirms medical necessity; without it the claim is denied. KX used when nothing
indicates the threshold will be exceeded is misuse (CMS Pub. 100-04 Ch. 5 §10.3.3; BBA 2018 §50202). From 2006
through 2017 the amount was the therapy cap and KX requested an exception to it (parameter ``kx_meaning``; CMS fact
sheet on the DRA exceptions process, 2006). The amounts (PT and SLP together, OT on its own), the medical-review
threshold and the misuse heuristic are parameters (``rules/data/parameters.json``); ``ytd_therapy_amount`` is the
allowed amount accrued before this line; under it, the visit's allowed amount (``rules.payment``, national fee
schedule, after MPPR and CQ/CO) through each line decides which lines take the year over the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..parameters import Value, parameter
from ..types import Discipline, Severity
from .model import Claim, ClaimLine, NotChecked, Outcome, Repair, finding
from .modifiers import modifiers

CAP_EXCEPTION = "cap_exception"  # a value of the parameter kx_meaning


def _threshold_name(claim: Claim, line: ClaimLine) -> str:
    """The parameter of the line's discipline: OT's own amount for OT services, else PT/SLP's."""
    therapy = [modifiers().therapy[m] for m in line.present(modifiers().therapy)]
    discipline = therapy[0] if len(therapy) == 1 else claim.plan_of_care
    return "kx_threshold_ot" if discipline == Discipline.OT else "kx_threshold_pt_slp"


def _threshold(claim: Claim, line: ClaimLine) -> Value | None:
    """The year's threshold of the line's discipline."""
    return parameter(_threshold_name(claim, line), claim.date_of_service)


def kx_threshold(claim: Claim, index: int) -> list[Outcome]:
    line = claim.lines[index]
    if not line.always_therapy:
        return []
    kx = modifiers().kx
    ytd, has_kx = claim.ytd_therapy_amount, line.has(kx)
    if ytd is None:
        if not has_kx:
            return []
        return [finding("mod.kx-threshold", Severity.INFO,
                        f"{line.code} carries {kx}, but no year-to-date therapy amount was given: {kx} could not be "
                        "checked against the threshold.",
                        "Give ytd_therapy_amount (allowed amount accrued this calendar year before this line).")]
    threshold = _threshold(claim, line)
    year = claim.date_of_service.year
    if threshold is None:
        return [NotChecked("mod.kx-threshold", f"This tool has no {kx} threshold for {year}: {kx} was not checked "
                           "against the year-to-date amount.",
                           f"Check the CMS therapy threshold update for {year} by hand.")]
    amount = f"${threshold.value:,}{threshold.caveat}"
    source = f"threshold source: {threshold.source}"
    misuse = parameter("kx_misuse_fraction", claim.date_of_service)
    meaning = parameter("kx_meaning", claim.date_of_service)
    cap = meaning is not None and meaning.value == CAP_EXCEPTION
    what = "therapy cap" if cap else f"{kx} threshold"
    if ytd >= threshold.value and not has_kx:
        why = (f"above the cap {line.code} is paid only as an exception, which {kx} requests (the services are "
               f"medically necessary and documented); without {kx} it is denied") if cap else (
               f"without {kx}, {line.code} is denied")
        return [finding(
            "mod.kx-threshold", Severity.ERROR,
            f"The year-to-date therapy amount ${ytd:,.2f} has reached the {year} {what} of {amount}: {why}."
            f"{_review(claim, ytd)}",
            f"Append {kx} if the documentation supports medical necessity; otherwise issue an ABN before the service.",
            Repair(add=(kx,)), source=source)]
    if has_kx and misuse is not None and ytd < threshold.value * misuse.value:
        return [finding(
            "mod.kx-threshold", Severity.WARNING,
            f"{line.code} carries {kx}, but the year-to-date amount ${ytd:,.2f} is far below the {year} {what} of "
            f"{amount}: {kx} without indication that the {what} will be exceeded is misuse.",
            f"Remove {kx} until the year's therapy amount reaches the {what}.",
            Repair(remove=(kx,)), source=f"{source}; misuse heuristic: {misuse.source}")]
    crossing = _visit_through(claim, index) if ytd < threshold.value and not has_kx else None
    if ytd < threshold.value and not has_kx and crossing is None:
        return [finding(
            "mod.kx-threshold", Severity.INFO,
            f"Year-to-date ${ytd:,.2f} is below the {year} {what} of {amount}: {kx} is needed only if this "
            f"visit's allowed amount through {line.code} takes the year over the {what}.",
            f"Append {kx} only if ${ytd:,.2f} plus the visit's allowed amount through this line exceeds "
            f"${threshold.value:,}.", source=source),
            NotChecked("mod.kx-threshold", f"No CY {year} fee schedule is embedded: whether this visit's allowed "
                       f"amount takes the year over the {what} was not checked.",
                       "Add this visit's allowed amount (estimate_payment prices it once the year's fee schedule is "
                       "imported) to ytd_therapy_amount and compare it with the threshold.")]
    if crossing is not None and ytd + crossing > threshold.value:
        return [finding(
            "mod.kx-threshold", Severity.ERROR,
            f"Year-to-date ${ytd:,.2f} plus this visit's allowed amount through {line.code} (${crossing:,.2f}, "
            f"national fee schedule, after MPPR) is ${ytd + crossing:,.2f}, above the {year} {what} of {amount}: "
            f"without {kx}, {line.code} is denied.",
            f"Append {kx} if the documentation supports medical necessity; otherwise issue an ABN before the service.",
            Repair(add=(kx,)), source=f"{source}; allowed amount: estimate_payment (pay.fee-schedule)")]
    if ytd < threshold.value and not has_kx:
        return [finding(
            "mod.kx-threshold", Severity.INFO,
            f"Year-to-date ${ytd:,.2f} is below the {year} {what} of {amount}: {kx} is needed only if this "
            f"line's allowed amount takes the year over the {what}.",
            f"Append {kx} only if ${ytd:,.2f} plus this line's allowed amount exceeds ${threshold.value:,}.",
            source=source)]
    review = _review(claim, ytd)
    if review:
        return [finding("mod.kx-threshold", Severity.INFO, f"{line.code} carries {kx} above the {year} {what}.{review}",
                        "Keep the documentation of medical necessity ready for review.", source=source)]
    return []


def visit_allowed(lines: Sequence[ClaimLine], day: date) -> tuple[float | None, ...]:
    """Each line's national allowed amount on the fee schedule of ``day`` (after MPPR and CQ/CO; None where it
    cannot be priced): worked out once per claim (``Claim.allowed_by_line``)."""
    from ..payment import PaymentLine, estimate_payment  # here: rules.payment imports the claims model

    estimate = estimate_payment([PaymentLine(ln.code, ln.units, ln.modifiers) for ln in lines], day)
    return tuple(priced.allowed for priced in estimate.lines)


def _visit_through(claim: Claim, index: int) -> float | None:
    """The visit's allowed amount of the lines up to and including ``index`` that count toward the same threshold;
    None when the fee schedule of the date cannot price them."""
    group = _threshold_name(claim, claim.lines[index])
    allowed = claim.allowed_by_line or ()
    through = [amount for ln, amount in zip(claim.lines[:index + 1], allowed, strict=False)
               if ln.always_therapy and _threshold_name(claim, ln) == group]
    if len(allowed) != len(claim.lines) or any(amount is None for amount in through):
        return None
    return sum(a for a in through if a is not None)


def _review(claim: Claim, ytd: float) -> str:
    """A sentence on the medical-review threshold when the year-to-date amount has passed it, else ''."""
    review = parameter("therapy_review_threshold", claim.date_of_service)
    if review is None or ytd < review.value:
        return ""
    return (f" The year-to-date amount is above the ${review.value:,} medical-review threshold: the claims may be "
            f"selected for medical review ({review.source}).")
