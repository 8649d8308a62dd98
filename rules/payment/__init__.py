"""Medicare payment estimates for therapy visits (``estimate``) over the fee-schedule data (``fee_schedule``) and
the years imported from the official RVU ZIP (``pfs_import``). The library function:

>>> from datetime import date
>>> visit = [PaymentLine("97530", 1, ("GP",)), PaymentLine("97110", 2, ("GP",)), PaymentLine("97140", 1, ("GP",))]
>>> answer = estimate_payment(visit, date(2025, 6, 2))
>>> answer.allowed_total, answer.allowed_without_mppr, answer.status
(98.97, 119.36, 'clean')
"""

from .estimate import PaymentEstimate, PaymentLine, estimate_payment

__all__ = ["PaymentEstimate", "PaymentLine", "estimate_payment"]
