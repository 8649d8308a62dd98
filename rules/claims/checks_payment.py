"""Payment notes (info): the CQ/CO payment rate and the multiple procedure payment reduction (MPPR).

- ``pay.cq-co-reduction``: CQ/CO lines are paid at a share of the otherwise applicable amount, taken last
  (CMS Pub. 100-04 Ch. 5 §20.1; 42 U.S.C. 1395m(v)); the rate and its start are the parameter
  ``assistant_payment_rate``.
- ``pay.mppr``: after the first unit, practice expense of always-therapy services is paid at a reduced share
  (CMS Pub. 100-04 Ch. 5 §10.7); the parameter ``mppr_practice_expense_rate``.
"""

from __future__ import annotations

from ..parameters import parameter
from ..types import Severity
from .model import Claim, Finding, finding
from .modifiers import modifiers


def assistant_payment(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = line.present(modifiers().assistant_modifiers)
    if line.is_family("evaluation"):
        return []  # an assistant's evaluation is not paid at any rate (provider.assistant-evaluation)
    rate = parameter("assistant_payment_rate", claim.date_of_service) if present else None
    if rate is None:
        return []
    return [finding(
        "pay.cq-co-reduction", Severity.INFO,
        f"{line.code} with {present[0]} is paid at {rate.value:.0%} of the fee schedule amount (dates of service "
        f"from {rate.effective_from.isoformat()}); the reduction is taken last, after MPPR{rate.caveat}.",
        "No change needed; expect the reduced payment.", source=rate.source)]


def multiple_procedure_reduction(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if not line.always_therapy:
        return []
    rate = parameter("mppr_practice_expense_rate", claim.date_of_service)
    therapy_units = sum(ln.units for ln in claim.lines if ln.always_therapy)
    if rate is None or therapy_units < 2:
        return []
    return [finding(
        "pay.mppr", Severity.INFO,
        f"The day has {therapy_units} units of always-therapy services: the unit with the highest practice expense "
        f"is paid in full and every other unit's practice expense at {rate.value:.0%} (MPPR), whoever furnishes "
        f"them; the reduced amount counts toward the KX threshold{rate.caveat}.",
        "No change needed; expect the reduced payment.")]
