"""The public schema of estimate_payment (see shared/design/contract.md, estimate_payment)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ..rules.limits import MAX_LINES, MAX_MODIFIERS, MAX_SERVICES, MAX_UNITS
from .claim_schemas import NotCheckedOut
from .schemas import Code, NumberNotBool, Output, ServiceInput, Strict


class PaymentLineInput(Strict):
    code: Code
    units: Annotated[int, Field(ge=0, le=MAX_UNITS), NumberNotBool]
    modifiers: Annotated[list[Annotated[str, Field(max_length=10)]], Field(max_length=MAX_MODIFIERS)] = Field(
        default_factory=list)


PaymentLinesArg = Annotated[list[PaymentLineInput] | None, Field(max_length=MAX_LINES, description=(
    "The day's lines; or give services."))]
PaymentServicesArg = Annotated[list[ServiceInput] | None, Field(max_length=MAX_SERVICES, description=(
    "As in compute_units (units by the CMS rule)."))]
LocalityArg = Annotated[str | None, Field(max_length=40, description=(
    "MAC-locality (13202-01) or a one-locality state (AL); default national (GPCIs 1.0)."))]


class UnitAmountOut(Output):
    unit: int
    mppr_applied: bool
    pe_share: float
    amount: float
    amount_without_mppr: float


class LineAmountOut(Output):
    code: str
    units: int
    modifiers: list[str]
    pfs_status: str | None
    work_rvu: float | None
    pe_rvu: float | None
    mp_rvu: float | None
    mppr_code: bool
    assistant_rate: float | None
    unit_amounts: list[UnitAmountOut]
    allowed: float | None = Field(description="Null: not estimated (see not_paid and not_checked).")
    allowed_without_mppr: float | None
    not_paid: str | None


class SequestrationOut(Output):
    before_sequestration: float
    sequestration_rate: float
    sequestration: float
    after_sequestration: float


class EstimatePaymentResult(Output):
    date_of_service: date
    locality: str
    locality_name: str
    gpci_work: float | None
    gpci_pe: float | None
    gpci_mp: float | None
    conversion_factor: float | None
    conversion_factor_qualifying_apm: float | None
    lines: list[LineAmountOut]
    allowed_total: float | None
    allowed_without_mppr: float | None
    coinsurance: float | None
    medicare_payment: SequestrationOut | None = Field(description="Medicare's part, before and after sequestration.")
    toward_kx_threshold: float | None
    rounding: str
    steps: list[str]
    rule_ids: list[str]
    sources: list[str]
    status: str = Field(description="clean, or incomplete (see not_checked).")
    not_checked: list[NotCheckedOut]
    notes: list[str]
    data_version: str
