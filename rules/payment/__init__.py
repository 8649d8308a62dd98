"""Medicare payment estimates for therapy visits (``estimate``) over the fee-schedule data (``fee_schedule``)."""

from .estimate import PaymentEstimate, PaymentLine, estimate_payment

__all__ = ["PaymentEstimate", "PaymentLine", "estimate_payment"]
