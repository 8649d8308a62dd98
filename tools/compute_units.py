"""The compute_units tool: a thin adapter over ``rules.units.compute_units``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from pydantic import Field

from ..rules import Service, UnitsResult
from ..rules import compute_units as compute
from ..rules.limits import MAX_SERVICES
from ..rules.types import Method
from .schemas import ComputeUnitsResult, ServiceInput

TITLE = "Compute billable units (8-minute rule and midpoint rule)"
DESCRIPTION = """\
Billable units from minutes for 97124 and the other therapy codes of ONE patient's date of service. Give \
every service of the day in one call: cms (Medicare 8-minute rule) pools the day's timed minutes; ama (CPT \
midpoint) is per code. Answers show the other method, ties and steps."""


async def compute_units(
    services: Annotated[list[ServiceInput], Field(min_length=1, max_length=MAX_SERVICES, description=(
        "Every service of the day; a code given twice is merged."))],
    method: Annotated[Method, Field(description=(
        "cms: Medicare 8-minute rule; ama: CPT midpoint rule."))] = Method.CMS,
) -> ComputeUnitsResult:
    return units_for([Service(s.code, s.minutes, s.timed, s.discipline) for s in services], method)


def units_for(services: Sequence[Service], method: Method) -> ComputeUnitsResult:
    """The tool's answer for these services (the CLI's ``units`` prints the same); raises RuleInputError."""
    return units_output(compute(services, method))


def units_output(result: UnitsResult) -> ComputeUnitsResult:
    """A core result as the tool's output model (explain_rule's worked examples nest it too)."""
    return ComputeUnitsResult.model_validate(result, from_attributes=True)
