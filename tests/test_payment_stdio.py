"""Issue 15, "Must show", over real stdio with the official MCP client: the 2025 national visit is allowed $98.97
($119.36 without MPPR); 97110 by a PTA (CQ) is paid at 85%; 2026 is incomplete; Manhattan uses its GPCIs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from mcp_helpers import error_text, stdio_parameters

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

LINES = [{"code": "97530", "units": 1, "modifiers": ["GP"]}, {"code": "97110", "units": 2, "modifiers": ["GP"]},
         {"code": "97140", "units": 1, "modifiers": ["GP"]}]
CQ_LINES = [LINES[0], {"code": "97110", "units": 2, "modifiers": ["GP", "CQ"]}, LINES[2]]


async def test_issue15_must_show_over_stdio(tmp_path: Path) -> None:
    async with Client(stdio_parameters(CPT97124_DATA_DIR=str(tmp_path))) as client:
        async def estimate(**arguments: Any) -> dict[str, Any]:
            result = await client.call_tool("estimate_payment", {"date_of_service": "2025-06-02", **arguments})
            assert not result.is_error and result.structured_content is not None
            return result.structured_content

        national = await estimate(lines=LINES)
        assert (national["allowed_total"], national["allowed_without_mppr"]) == (98.97, 119.36)
        assert national["status"] == "clean" and national["locality"] == "national"
        assert "pay.mppr" in national["rule_ids"] and "RVU25D" in national["data_version"]
        assistant = await estimate(lines=CQ_LINES)
        cq = assistant["lines"][1]
        assert cq["assistant_rate"] == 0.85 and [u["amount"] for u in cq["unit_amounts"]] == [18.56, 18.56]
        assert assistant["allowed_total"] == 92.43
        later = await estimate(lines=LINES, date_of_service="2026-06-02")
        assert later["status"] == "incomplete" and later["allowed_total"] is None
        assert later["conversion_factor"] == 33.4009 and "import-pfs" in later["not_checked"][0]["how_to_run"]
        manhattan = await estimate(lines=LINES, locality="13202-01")
        assert (manhattan["gpci_work"], manhattan["gpci_pe"], manhattan["gpci_mp"]) == (1.065, 1.166, 1.656)
        assert manhattan["allowed_total"] == 110.27
        minutes = await estimate(services=[{"code": "97110", "minutes": 33}, {"code": "97140", "minutes": 10}])
        assert [(ln["code"], ln["units"]) for ln in minutes["lines"]] == [("97110", 2), ("97140", 1)]
        wrong = await client.call_tool("estimate_payment", {"lines": LINES, "locality": "NY",
                                                            "date_of_service": "2025-06-02"})
        assert "localities" in error_text(wrong)
