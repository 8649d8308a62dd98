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
Billable units for CPT 97124 (massage) and the other timed and untimed therapy codes of ONE patient's \
date of service. Call it whenever someone asks how many units they may bill for given minutes, e.g. \
"38 minutes of massage", "97110 33 min and 97140 7 min", "does 7 minutes count?".

Give every service of the day in one call: under the CMS 8-minute rule (method "cms", Medicare's rule, \
the default) the day's timed minutes are pooled first and then allocated, so calling per code gives \
wrong answers. Method "ama" is the CPT midpoint rule, per code (many commercial payers). The answer \
always includes the other method, every tie the rule allows (alternatives), steps a coder can paste \
into a note, and rule ids that explain_rule can cite. Results are exact and deterministic."""


async def compute_units(
    services: Annotated[list[ServiceInput], Field(min_length=1, max_length=MAX_SERVICES, description=(
        "Every service of the date of service: [{code, minutes, discipline}]. code defaults to 97124. The same "
        "code twice (in one discipline) is merged."))],
    method: Annotated[Method, Field(description=(
        "cms = Medicare 8-minute rule (total time, then allocation); ama = CPT midpoint rule per code."))] = Method.CMS,
) -> ComputeUnitsResult:
    return units_for([Service(s.code, s.minutes, s.timed, s.discipline) for s in services], method)


def units_for(services: Sequence[Service], method: Method) -> ComputeUnitsResult:
    """The tool's answer for these services (the CLI's ``units`` prints the same); raises RuleInputError."""
    # ignore: until the merge, the core types the method as a Literal, not rules.types.Method
    return units_output(compute(services, method))


def units_output(result: UnitsResult) -> ComputeUnitsResult:
    """A core result as the tool's output model (explain_rule's worked examples nest it too)."""
    return ComputeUnitsResult.model_validate(result, from_attributes=True)
