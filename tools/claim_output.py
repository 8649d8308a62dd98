"""From the rules core's claim results to the tools' answers (shared by both validation tools).

``finding_out`` and ``line_out`` give the JSON shape of ``FindingOut`` and ``ClaimLineOut``; the tools put them
into their ``Answer`` as plain data (``tests/test_answers.py`` holds every answer to its output model's JSON).
"""

from __future__ import annotations

from typing import Any

from ..rules.claims import ClaimLine, Finding


def finding_out(finding: Finding) -> dict[str, str]:
    """A finding as ``FindingOut`` fields."""
    return {"rule_id": finding.rule_id, "severity": finding.severity, "message": finding.message,
            "fix": finding.fix, "citation": finding.citation}


def line_out(line: ClaimLine | None) -> dict[str, Any] | None:
    """A claim line as ``ClaimLineOut`` fields (None stays None)."""
    if line is None:
        return None
    return {"code": line.code, "units": line.units, "modifiers": list(line.modifiers), "minutes": line.minutes,
            "regions": None if line.regions is None else list(line.regions)}
