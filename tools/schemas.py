"""The public schema of the tools: pydantic input and output models (see shared/design/contract.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..rules.limits import MAX_MINUTES
from ..rules.types import Discipline, Method


def not_a_boolean(value: object) -> object:
    """Booleans are not numbers (contract, "Command line"): ``true`` is not 1 minute or 1 unit."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is a boolean, not a number; allowed: a whole number")
    return value


NumberNotBool = BeforeValidator(not_a_boolean)
Code = Annotated[str, Field(min_length=1, max_length=16)]  # a CPT or HCPCS code, e.g. 97124


class Strict(BaseModel):
    """Input models refuse unknown fields: a dropped field would mean a silently skipped check."""

    model_config = ConfigDict(extra="forbid")


class ServiceInput(Strict):
    code: Code = "97124"
    minutes: Annotated[int | None, Field(ge=0, le=MAX_MINUTES, description=(
        "One-on-one minutes; omit for an untimed code.")), NumberNotBool] = None
    timed: Annotated[bool | None, Field(strict=True, description=(
        "Override: true = 15-minute timed code."))] = None
    discipline: Annotated[Discipline | None, Field(description=(
        "Plan of care; CMS pools each apart (omitted: one pool)."))] = None


class Output(BaseModel):
    """Output models read the rules core's results by attribute (``Model.model_validate(result,
    from_attributes=True)``): one conversion, by field name, whether the core gives lists or tuples."""

    model_config = ConfigDict(from_attributes=True)


class UnitLineOut(Output):
    code: str
    minutes: int
    timed: bool
    units: int
    discipline: Discipline | None = Field(None, description="The pool (plan of care) the line was counted in.")


class LabelledLineOut(UnitLineOut):
    label: str | None = Field(None, description="Short label in the project's own words (not the CPT descriptor).")


class OtherMethodOut(Output):
    method: Method
    total_timed_units: int
    lines: list[UnitLineOut]


class ComputeUnitsResult(Output):
    method: Method = Field(description="The unit method used: cms (8-minute rule, pooled) or ama (midpoint, per code).")
    total_timed_minutes: int
    total_timed_units: int
    total_units: int = Field(description="Timed units plus one unit per untimed code.")
    lines: list[LabelledLineOut] = Field(description="One per distinct code, in input order.")
    alternatives: list[list[UnitLineOut]] = Field(description=(
        "Every other allocation of the same total that the rule equally allows (ties); empty when unique."))
    alternatives_total: int = Field(description="How many other allocations exist (alternatives lists up to 100).")
    steps: list[str] = Field(description="The calculation in sentences a coder can paste into a note.")
    rule_ids: list[str] = Field(description="Catalog rules applied; explain_rule gives each one's source.")
    other_method: OtherMethodOut = Field(description="The same services under the other method.")
    notes: list[str]
    data_version: str
