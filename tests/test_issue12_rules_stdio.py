"""Issue 12's must-show answers over real stdio with the official MCP client (the installed console script)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from mcp_helpers import stdio_parameters

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]


async def test_code_status_pooling_and_add_on_codes_over_stdio(tmp_path: Path) -> None:
    async with Client(stdio_parameters(CPT97124_DATA_DIR=str(tmp_path))) as client:
        estim = (await client.call_tool("validate_claim_line", {
            "line": {"code": "97014", "units": 1, "modifiers": ["GP"]}, "date_of_service": "2025-03-03"}))
        (replaced,) = [f for f in estim.structured_content["findings"] if f["rule_id"] == "line.code-replaced"]
        assert replaced["severity"] == "error" and "G0283" in replaced["fix"]
        assert estim.structured_content["valid"] is False
        assert estim.structured_content["suggested_line"]["code"] == "G0283"

        pt_ot = (await client.call_tool("validate_claim", {"date_of_service": "2025-03-03", "lines": [
            {"code": "97110", "units": 1, "modifiers": ["GP"], "minutes": 8},
            {"code": "97530", "units": 1, "modifiers": ["GO"], "minutes": 8}]})).structured_content
        pooling = {"session.total-timed-units", "line.units-vs-minutes"}
        assert not [f for f in pt_ot["claim_findings"] if f["rule_id"] in pooling]
        assert not [f for line in pt_ot["lines"] for f in line["findings"] if f["rule_id"] in pooling]
        assert [line["expected_units"] for line in pt_ot["lines"]] == [1, 1]

        for minutes in (8, 15, 23, 40, 68):
            units = (await client.call_tool("compute_units", {"services": [
                {"code": "97129", "minutes": minutes}]})).structured_content
            for lines in [units["lines"], *units["alternatives"], units["other_method"]["lines"]]:
                assert all(ln["units"] <= 1 for ln in lines if ln["code"] == "97129"), (minutes, lines)
        assert [(ln["code"], ln["units"]) for ln in units["lines"]] == [("97129", 1), ("97130", 4)]
