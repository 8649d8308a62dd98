"""The public schema of validate_claim_line and validate_claim (see shared/design/contract.md).

The argument types are defined once here; the tool signatures and ``ValidateClaimLineArgs`` (the batch CLI's
argument model) use the same ones, so the MCP tool and the batch CLI accept exactly the same input.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ..rules.limits import MAX_LINES, MAX_MINUTES, MAX_MODIFIERS, MAX_UNITS
from ..rules.types import Discipline, Method, Payer, Provider, RuleSet, Severity, Status
from .schemas import Code, NumberNotBool, Output, Strict

PlaceArg = Annotated[str | None, Field(max_length=8, description="e.g. 11; telehealth 02 or 10.")]


class ClaimLineInput(Strict):
    code: Code = "97124"
    units: Annotated[int, Field(ge=0, le=MAX_UNITS, description=(
        "0: documented minutes that earned no unit.")), NumberNotBool]
    modifiers: Annotated[list[Annotated[str, Field(max_length=10)]], Field(
        max_length=MAX_MODIFIERS, description="e.g. ['GP','KX']")] = Field(
        default_factory=list)
    minutes: Annotated[int | None, Field(ge=0, le=MAX_MINUTES, description=(
        "Documented minutes of this code.")), NumberNotBool] = None
    regions: Annotated[list[Annotated[str, Field(max_length=40)]] | None, Field(max_length=12, description=(
        "Regions treated, e.g. lumbar, neck."))] = None
    provider: Annotated[Provider | None, Field(description=(
        "Where not the claim's."))] = None
    assistant_minutes: Annotated[int | None, Field(ge=0, le=MAX_MINUTES, description=(
        "Minutes a PTA/OTA furnished.")), NumberNotBool] = None
    place_of_service: Annotated[str | None, Field(max_length=8)] = None


PayerArg = Annotated[Payer, Field()]
MethodArg = Annotated[Method | None, Field(description=(
    "Default: ama for commercial, else cms."))]
DateArg = Annotated[str | None, Field(max_length=32, description=(
    "ISO; default today."))]
ProviderArg = Annotated[Provider | None, Field(description="Who furnished the services.")]
PlanArg = Annotated[Discipline | None, Field()]
YtdArg = Annotated[float | None, Field(ge=0, le=10_000_000, description=(
    "Allowed amount this year before this claim (KX).")), NumberNotBool]
OtherLinesArg = Annotated[list[ClaimLineInput], Field(max_length=MAX_LINES - 1, description=(
    "Same patient and date."))]
ApplyRulesArg = Annotated[list[RuleSet] | None, Field(max_length=2, description=(
    "Rules a medicaid/commercial plan follows (applied as warnings)."))]
LinesArg = Annotated[list[ClaimLineInput], Field(min_length=1, max_length=MAX_LINES, description=(
    "Every line of one patient's date."))]


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
    place_of_service: Annotated[str | None, Field(max_length=8)] = None
    apply_rules: ApplyRulesArg = None


class FindingOut(Output):
    rule_id: str = Field(description="Catalog rule id; explain_rule gives its full explanation and sources.")
    severity: Severity
    message: str
    fix: str
    citation: str


class NotCheckedOut(Output):
    rule_id: str = Field(description="The rule whose check applies but could not run.")
    reason: str
    how_to_run: str


class NotAppliedOut(Output):
    rule_set: RuleSet
    rule_ids: list[str] = Field(description="The rules of this set not applied for this payer.")
    reason: str


class ClaimLineOut(Output):
    code: str
    units: int
    modifiers: list[str]
    minutes: int | None
    regions: list[str] | None
    provider: Provider | None = None
    assistant_minutes: int | None = None
    place_of_service: str | None = None


STATUS = ("clean: every check that applies ran and none found an error; errors: an error finding; incomplete: no "
          "error found, but a check that applies could not run (see not_checked)")
NOT_CHECKED = "Checks that apply but could not run (NCCI tables not imported, no threshold for the year, unknown code)."
NOT_APPLIED = ("Medicare/NCCI rules not applied for this payer (empty for medicare); apply_rules applies them for a "
               "plan that follows them.")


class ValidateClaimLineResult(Output):
    status: Status = Field(description=STATUS)
    valid: bool = Field(description="True only when status is clean.")
    not_checked: list[NotCheckedOut] = Field(description=NOT_CHECKED)
    not_applied: list[NotAppliedOut] = Field(description=NOT_APPLIED)
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
    status: Status = Field(description=STATUS)
    valid: bool = Field(description="True only when the line's status is clean.")
    not_checked: list[NotCheckedOut] = Field(description=NOT_CHECKED)
    findings: list[FindingOut]
    expected_units: int | None
    suggested_line: ClaimLineOut | None


class ValidateClaimResult(Output):
    status: Status = Field(description="The whole claim's: errors if any line or the day has an error, else "
                                       "incomplete if any check could not run, else clean.")
    valid: bool = Field(description="True only when status is clean.")
    lines: list[LineReportOut]
    claim_findings: list[FindingOut] = Field(description="Findings about the date of service as a whole, and those "
                                                         "every line carries alike (said once, here).")
    not_checked: list[NotCheckedOut] = Field(description="Checks that could not run for the whole date of service "
                                                         "or for every line alike; the rest are in each line's report.")
    not_applied: list[NotAppliedOut] = Field(description=NOT_APPLIED)
    payer: Payer
    method: Method
    date_of_service: date = Field(description="The date of service the rules were applied for (ISO).")
    data_version: str
