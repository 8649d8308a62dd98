"""Payment notes (info): CQ/CO lines paid at 85% from 2022 and the multiple procedure payment reduction.

- ``pay.cq-co-reduction``: CQ/CO lines are paid at 85% of the otherwise applicable amount for dates of service
  on and after 2022-01-01, taken last (CMS Pub. 100-04 Ch. 5 §20.1; 42 U.S.C. 1395m(v)).
- ``pay.mppr``: after the first unit, practice expense of always-therapy services is paid at 50% (CMS Pub.
  100-04 Ch. 5 §10.7, from 2013-04-01).
"""

from __future__ import annotations

from .dated import assistant_payment_rate, mppr_practice_expense_rate
from .model import Claim, Finding, emits


@emits("pay.cq-co-reduction")
def assistant_payment(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = [m for m in ("CQ", "CO") if line.has(m)]
    rate = assistant_payment_rate(claim.date_of_service) if present else None
    if rate is None:
        return []
    return [Finding(
        "pay.cq-co-reduction", "info",
        f"{line.code} with {present[0]} is paid at {rate.value:.0%} of the fee schedule amount (dates of service "
        f"from {rate.effective_from.isoformat()}); the reduction is taken last, after MPPR{rate.caveat}.",
        "No change needed; expect the reduced payment.", f"CMS Pub. 100-04 Ch. 5 §20.1; {rate.source}")]


@emits("pay.mppr")
def multiple_procedure_reduction(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if line.entry is None or not line.entry.always_therapy:
        return []
    rate = mppr_practice_expense_rate(claim.date_of_service)
    therapy_units = sum(ln.units for ln in claim.lines if ln.entry is not None and ln.entry.always_therapy)
    if rate is None or therapy_units < 2:
        return []
    return [Finding(
        "pay.mppr", "info",
        f"The day has {therapy_units} units of always-therapy services: the unit with the highest practice expense "
        f"is paid in full and every other unit's practice expense at {rate.value:.0%} (MPPR), whoever furnishes "
        "them; the reduced amount counts toward the KX threshold.",
        "No change needed; expect the reduced payment.",
        "CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §10.7")]
