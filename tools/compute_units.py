"""The compute_units tool: a thin adapter over ``rules.units.compute_units``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ..rules import Service, UnitLine, UnitsResult
from ..rules import compute_units as compute
from ..rules.limits import MAX_SERVICES
from .answer import Answer
from .schemas import ComputeUnitsResult, Method, ServiceInput

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
        "Every service of the date of service: [{code, minutes}]. code defaults to 97124. The same code "
        "twice is merged."))],
    method: Annotated[Method, Field(description=(
        "cms = Medicare 8-minute rule (total time, then allocation); ama = CPT midpoint rule per code."))] = "cms",
) -> Answer[ComputeUnitsResult]:
    return Answer(units_answer(compute([Service(s.code, s.minutes, s.timed) for s in services], method)))


def units_answer(result: UnitsResult) -> dict[str, Any]:
    """The tool's structured output for a core result, JSON-ready, in ``ComputeUnitsResult``'s shape and field
    order (the CLI's --json prints the same)."""
    return {
        "method": result.method, "total_timed_minutes": result.total_timed_minutes,
        "total_timed_units": result.total_timed_units, "total_units": result.total_units,
        "lines": [{**_line(ln), "label": ln.label} for ln in result.lines],
        "alternatives": [[_line(ln) for ln in lines] for lines in result.alternatives],
        "alternatives_total": result.alternatives_total, "steps": list(result.steps),
        "rule_ids": list(result.rule_ids),
        "other_method": {"method": result.other_method.method,
                         "total_timed_units": result.other_method.total_timed_units,
                         "lines": [_line(ln) for ln in result.other_method.lines]},
        "notes": list(result.notes), "data_version": result.data_version}


def _line(line: UnitLine) -> dict[str, Any]:
    return {"code": line.code, "minutes": line.minutes, "timed": line.timed, "units": line.units}


def to_output(result: UnitsResult) -> ComputeUnitsResult:
    """``units_answer`` as the output model (for answers that nest it, such as explain_rule's worked example)."""
    return ComputeUnitsResult.model_validate(units_answer(result))
