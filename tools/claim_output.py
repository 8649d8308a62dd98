"""From the rules core's claim results to the tools' output models (shared by both validation tools)."""

from __future__ import annotations

from ..rules.claims import ClaimLine, Finding, LineInput
from .claim_schemas import ClaimLineInput, ClaimLineOut, FindingOut


def line_input(line: ClaimLineInput) -> LineInput:
    return LineInput(line.code, line.units, line.modifiers, line.minutes, line.regions)


def finding_out(finding: Finding) -> FindingOut:
    return FindingOut(rule_id=finding.rule_id, severity=finding.severity, message=finding.message, fix=finding.fix,
                      citation=finding.citation)


def line_out(line: ClaimLine | None) -> ClaimLineOut | None:
    if line is None:
        return None
    return ClaimLineOut(code=line.code, units=line.units, modifiers=list(line.modifiers), minutes=line.minutes,
                        regions=None if line.regions is None else list(line.regions))
