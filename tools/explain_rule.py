"""The explain_rule tool: a rule's plain-words explanation, sources and worked example (``rules.catalog``).

Worked examples are compute_units' own output (``tools.compute_units.units_output``), or for payment rules
estimate_payment's (computed live), never a second calculation.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from pydantic import Field

from ..rules import data_version
from ..rules.catalog import PaymentWorkedExample, Rule, WorkedExample, payment_example, resolve, rule, worked_example
from ..rules.limits import MAX_MINUTES
from ..rules.types import Payer
from .compute_units import units_output
from .payment_schemas import EstimatePaymentResult
from .rule_schemas import CitationOut, ExplainRuleResult, MatchOut, RuleBrief, WorkedExampleOut
from .schemas import NumberNotBool

TITLE = "Explain a billing rule, with its sources and a worked example"
DESCRIPTION = """\
\
A billing rule in plain words with citations and a worked example, for WHY questions or a rule_id another \
tool returned. Topics: 8-minute rule, midpoint, modifiers (GP/GO/GN, CQ/CO, KX, 59/X, ABN), providers, NCCI, \
telehealth, code status, payment. A weak topic match is refused with the closest rules."""


def _payment_example(rule_id: str) -> WorkedExampleOut | None:
    found = payment_example(rule_id)
    return payment_example_out(found) if found else None


def brief(r: Rule) -> RuleBrief:
    return RuleBrief(rule_id=r.id, title=r.title, summary=r.summary, applies_to=list(map(Payer, r.applies_to)))


def example_out(example: WorkedExample) -> WorkedExampleOut:
    services = [{k: v for k, v in dataclasses.asdict(s).items() if v is not None} for s in example.services]
    return WorkedExampleOut(arguments={"services": services, "method": example.method}, summary=example.summary,
                            tool="compute_units", result=units_output(example.result))


def payment_example_out(example: PaymentWorkedExample) -> WorkedExampleOut:
    lines = [{"code": code, "units": units, "modifiers": list(mods)} for code, units, mods in example.spec.lines]
    return WorkedExampleOut(arguments={"lines": lines, "date_of_service": example.spec.date_of_service.isoformat()},
                            summary=example.summary, tool="estimate_payment",
                            result=EstimatePaymentResult.model_validate(example.result, from_attributes=True))


def explanation(rule_id: str | None, topic: str | None, minutes: int | None) -> ExplainRuleResult:
    """The tool's structured output (the CLI's ``explain --json`` prints the same); raises RuleInputError."""
    found, candidates, match = resolve(rule_id, topic)
    example = worked_example(found.id, minutes)
    notes = []
    if example is None and minutes is not None:
        notes.append(f"minutes={minutes} was not used: {found.id} has no unit example; rules with one include "
                     "units.cms-total-time, units.ama-midpoint and line.units-vs-minutes.")
    if topic is not None:
        notes.append(f"Topic {topic[:60]!r} matched {found.id}" + (
            f"; other candidates: {', '.join(candidates)}." if candidates else "."))
    return ExplainRuleResult(
        rule_id=found.id, title=found.title, summary=found.summary, explanation=found.explanation,
        citations=[CitationOut(**dataclasses.asdict(c)) for c in found.citations],
        example=example_out(example) if example else _payment_example(found.id),
        related=list(found.related), applies_to=list(map(Payer, found.applies_to)),
        misconceptions=list(found.misconceptions),
        matched_by="rule_id" if rule_id is not None else "topic",
        match=MatchOut(score=match.score, confidence=match.confidence) if match else None,
        candidates=[brief(rule(c)) for c in candidates], notes=notes, data_version=data_version())


async def explain_rule(
    rule_id: Annotated[str | None, Field(max_length=80, description=(
        "e.g. units.cms-total-time (list_rules lists them)."))] = None,
    topic: Annotated[str | None, Field(max_length=200, description=(
        "Instead of rule_id, e.g. 'eight minute rule', 'CQ modifier'."))] = None,
    minutes: Annotated[int | None, Field(ge=0, le=MAX_MINUTES, description=(
        "Work the example for these minutes.")), NumberNotBool] = None,
) -> ExplainRuleResult:
    return explanation(rule_id, topic, minutes)
