"""The public schema of validate_claim_line and validate_claim (see shared/design/contract.md).

The argument types are defined once here; the tool signatures and ``ValidateClaimLineArgs`` (the batch CLI's
argument model) use the same ones, so the MCP tool and the batch CLI accept exactly the same input.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ..rules.claims.normalize import MAX_LINES, MAX_UNITS
from ..rules.limits import MAX_MINUTES, MAX_MODIFIERS
from ..rules.types import Discipline, Method, Payer, Provider, Severity
from .schemas import Code, Output, Strict

REGIONS = ("cervical, thoracic, lumbar, sacral, pelvic (spine); head, rib_cage, abdomen, upper_extremity, "
           "lower_extremity")


class ClaimLineInput(Strict):
    code: Code = "97124"
    units: Annotated[int, Field(ge=0, le=MAX_UNITS, description=(
        "Units billed on this line; 0 for a documented timed code that earned no unit (its minutes join the day)."))]
    modifiers: Annotated[list[Annotated[str, Field(max_length=10)]], Field(max_length=MAX_MODIFIERS, description=(
        "Up to 4 modifiers, e.g. ['GP', 'KX']; case, spaces and duplicates are normalised."))] = Field(
        default_factory=list)
    minutes: Annotated[int | None, Field(ge=0, le=MAX_MINUTES, description=(
        "The documented timed minutes of this code on the date of service (null if not known)."))] = None
    regions: Annotated[list[Annotated[str, Field(max_length=40)]] | None, Field(max_length=12, description=(
        f"Body regions treated, for the manipulation region rule: {REGIONS}. Null if not documented."))] = None


PayerArg = Annotated[Payer, Field(description=(
    "medicare (default; CMS 8-minute rule and every Medicare rule), medicaid (CMS units, payer-neutral checks) or "
    "commercial (CPT midpoint units, payer-neutral checks)."))]
MethodArg = Annotated[Method | None, Field(description=(
    "Override the payer's unit method: cms (pooled 8-minute rule) or ama (midpoint per code)."))]
DateArg = Annotated[str | None, Field(max_length=32, description=(
    "Date of service, ISO (2025-03-14); picks the year's KX threshold and dated rules. Null = today."))]
ProviderArg = Annotated[Provider | None, Field(description="Who furnished the service, or null if not stated.")]
PlanArg = Annotated[Discipline | None, Field(description="Discipline of the therapy plan of care, or null.")]
YtdArg = Annotated[float | None, Field(ge=0, le=10_000_000, description=(
    "Allowed amount already accrued this calendar year toward the discipline's KX threshold, before this line."))]
OtherLinesArg = Annotated[list[ClaimLineInput], Field(max_length=MAX_LINES - 1, description=(
    "The other lines of the same patient and date of service (needed for pooled CMS minutes and NCCI pairs)."))]
LinesArg = Annotated[list[ClaimLineInput], Field(min_length=1, max_length=MAX_LINES, description=(
    "Every line of one patient's date of service."))]


class ValidateClaimLineArgs(Strict):
    """The arguments of validate_claim_line, as one model (the batch CLI validates each input against it)."""

    line: ClaimLineInput
    payer: PayerArg = Payer.MEDICARE
    method: MethodArg = None
    date_of_service: DateArg = None
    other_lines: OtherLinesArg = Field(default_factory=list)
    provider: ProviderArg = None
    plan_of_care: PlanArg = None
    ytd_therapy_amount: YtdArg = None


class FindingOut(Output):
    rule_id: str = Field(description="Catalog rule id; explain_rule gives its full explanation and sources.")
    severity: Severity
    message: str
    fix: str
    citation: str


class ClaimLineOut(Output):
    code: str
    units: int
    modifiers: list[str]
    minutes: int | None
    regions: list[str] | None


class ValidateClaimLineResult(Output):
    valid: bool = Field(description="False exactly when a finding has severity error.")
    findings: list[FindingOut]
    expected_units: int | None = Field(description="Units the minutes support for this code (null without minutes).")
    suggested_line: ClaimLineOut | None = Field(description="The line with the mechanical fixes applied, or null.")
    payer: Payer
    method: Method
    date_of_service: date = Field(description="The date of service the rules were applied for (ISO).")
    data_version: str


class LineReportOut(Output):
    index: int
    line: ClaimLineOut = Field(description="The line as judged (normalised).")
    valid: bool
    findings: list[FindingOut]
    expected_units: int | None
    suggested_line: ClaimLineOut | None


class ValidateClaimResult(Output):
    valid: bool = Field(description="False exactly when any line or the day has an error finding.")
    lines: list[LineReportOut]
    claim_findings: list[FindingOut] = Field(description="Findings about the date of service as a whole.")
    payer: Payer
    method: Method
    date_of_service: date = Field(description="The date of service the rules were applied for (ISO).")
    data_version: str
