"""validate_claim judges KX with the visit's allowed amount: year-to-date plus the visit's national allowed amount
(after MPPR) through each line; the lines that take the year over the threshold need KX (issue 15)."""

from __future__ import annotations

import pytest

from cpt97124_mcp.rules.claims import validate_claim
from cpt97124_mcp.rules.ncci import NcciTables
from cpt97124_mcp.tools.claim_schemas import ClaimLineInput

VISIT = [ClaimLineInput(code="97530", units=1, modifiers=["GP"], minutes=15),
         ClaimLineInput(code="97110", units=2, modifiers=["GP"], minutes=30),
         ClaimLineInput(code="97140", units=1, modifiers=["GP"], minutes=15)]


def kx_severities(ytd: float, lines: list[ClaimLineInput] = VISIT, day: str = "2025-06-02") -> list[str | None]:
    result = validate_claim(lines, date_of_service=day, ytd_therapy_amount=ytd)
    return [next((f.severity.value for f in report.findings if f.rule_id == "mod.kx-threshold"), None)
            for report in result.lines]


@pytest.mark.parametrize(("ytd", "expected"), [
    # 2025 threshold $2,410; the visit's allowed amount through each line: 34.61, 78.27, 98.97
    (2330.00, ["info", "info", "error"]),  # 2330 + 98.97 = 2428.97: only 97140 takes the year over
    (2340.00, ["info", "error", "error"]),  # 2340 + 78.27 = 2418.27
    (2300.00, ["info", "info", "info"]),  # 2300 + 98.97 = 2398.97: stays under
    (2380.00, ["error", "error", "error"]),  # 2380 + 34.61 = 2414.61
])
def test_lines_that_cross_the_threshold_need_kx(ytd: float, expected: list[str]) -> None:
    assert kx_severities(ytd) == expected


def test_the_fix_adds_kx_to_the_crossing_line() -> None:
    result = validate_claim(VISIT, date_of_service="2025-06-02", ytd_therapy_amount=2330.0)
    crossing = result.lines[2]
    assert crossing.suggested_line is not None and "KX" in crossing.suggested_line.modifiers
    assert "98.97" in next(f.message for f in crossing.findings if f.rule_id == "mod.kx-threshold")


def test_a_year_without_rvus_says_the_crossing_was_not_checked(tables: NcciTables) -> None:
    """Without the year's fee schedule the visit cannot be priced: whether it takes the year over the threshold is
    a check that did not run, so the answer is incomplete, never clean."""
    assert kx_severities(2400.0, day="2026-06-02") == ["info", "info", "info"]  # no 2026 RVUs: not estimated
    unpriced = validate_claim(VISIT, date_of_service="2026-06-02", ytd_therapy_amount=2400.0, ncci=tables)
    assert unpriced.status == "incomplete" and not unpriced.valid
    assert all("mod.kx-threshold" in {n.rule_id for n in report.not_checked} for report in unpriced.lines)
    priced = validate_claim(VISIT, date_of_service="2025-06-02", ytd_therapy_amount=100.0, ncci=tables)
    assert priced.status == "clean" and not any(report.not_checked for report in priced.lines)
