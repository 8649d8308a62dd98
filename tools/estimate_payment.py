"""The estimate_payment tool: a thin adapter over ``rules.payment.estimate_payment``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..rules import Service, compute_units
from ..rules.claims.normalize import parse_date
from ..rules.errors import RuleInputError
from ..rules.payment import PaymentLine
from ..rules.payment import estimate_payment as estimate
from ..rules.payment.pfs_import import imported_year
from ..rules.types import Method
from .claim_schemas import DateArg
from .payment_schemas import EstimatePaymentResult, LocalityArg, PaymentLinesArg, PaymentServicesArg
from .schemas import ServiceInput

TITLE = "Estimate Medicare payment for a therapy visit"
DESCRIPTION = """\
What Medicare allows and pays for one therapy visit (fee schedule by date and locality, MPPR, CQ/CO, \
coinsurance, sequestration), per line with steps. Give lines or services; incomplete when the year's fee \
schedule is not loaded."""


async def estimate_payment(
    date_of_service: DateArg = None,
    lines: PaymentLinesArg = None,
    services: PaymentServicesArg = None,
    locality: LocalityArg = None,
) -> EstimatePaymentResult:
    return payment_for([PaymentLine(ln.code, ln.units, tuple(ln.modifiers)) for ln in lines or []],
                       services, parse_date(date_of_service), locality)


def payment_for(lines: Sequence[PaymentLine], services: Sequence[ServiceInput | Service] | None, day: date,
                locality: str | None) -> EstimatePaymentResult:
    """The tool's answer (the CLI's ``estimate`` prints the same); raises RuleInputError."""
    if bool(lines) == bool(services):
        raise RuleInputError("lines", "give either lines or services (one of them)", "lines or services")
    if services:
        counted = compute_units([s if isinstance(s, Service) else Service(s.code, s.minutes, s.timed, s.discipline)
                                 for s in services], Method.CMS)
        lines = [PaymentLine(ln.code, ln.units) for ln in counted.lines if ln.units]
    return EstimatePaymentResult.model_validate(estimate(lines, day, locality, imported_year(day.year)),
                                                from_attributes=True)
