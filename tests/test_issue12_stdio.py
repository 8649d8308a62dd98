"""Issue 12, "Must show", over real stdio with the official MCP client (the installed command, no NCCI tables):
a telehealth 97124 line to Medicare is an error; a PTA evaluation is an error whose suggested line adds no CQ;
a line whose NCCI checks did not run is not ``valid: true`` (status incomplete)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from mcp_helpers import stdio_parameters

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

DAY = "2025-06-02"
MASSAGE = {"code": "97124", "units": 1, "modifiers": ["GP"], "minutes": 15}
EXERCISE = {"code": "97110", "units": 1, "modifiers": ["GP"], "minutes": 15}


def severities(findings: list[dict[str, Any]]) -> dict[str, str]:
    return {f["rule_id"]: f["severity"] for f in findings}


async def test_issue12_must_show_over_stdio(tmp_path: Path) -> None:
    async with Client(stdio_parameters(CPT97124_DATA_DIR=str(tmp_path))) as client:
        async def line(**arguments: Any) -> dict[str, Any]:
            result = await client.call_tool("validate_claim_line", {"date_of_service": DAY, **arguments})
            assert not result.is_error and result.structured_content is not None
            return result.structured_content

        for telehealth in ({"line": {**MASSAGE, "modifiers": ["GP", "95"]}},
                           {"line": {**MASSAGE, "place_of_service": "10"}},
                           {"line": MASSAGE, "place_of_service": "02"}):
            answer = await line(**telehealth)
            assert (answer["status"], answer["valid"]) == ("errors", False)
            assert severities(answer["findings"])["line.telehealth-list"] == "error"
        listed = await line(line={**EXERCISE, "modifiers": ["GP", "95"]})
        assert "line.telehealth-list" not in severities(listed["findings"])

        evaluation = await line(line={"code": "97161", "units": 1, "modifiers": ["GP"], "provider": "pta"})
        assert severities(evaluation["findings"])["provider.assistant-evaluation"] == "error"
        assert "mod.assistant-required" not in severities(evaluation["findings"])
        suggested = evaluation["suggested_line"]
        assert suggested is None or "CQ" not in suggested["modifiers"]
        with_cq = await line(line={"code": "97161", "units": 1, "modifiers": ["GP", "CQ"]}, provider="pta")
        assert severities(with_cq["findings"])["provider.assistant-evaluation"] == "error"
        assert with_cq["suggested_line"]["modifiers"] == ["GP"]

        not_run = await line(line=MASSAGE, other_lines=[EXERCISE])
        assert (not_run["status"], not_run["valid"]) == ("incomplete", False)
        assert {"ncci.ptp", "line.mue"} <= {n["rule_id"] for n in not_run["not_checked"]}
        assert all(n["reason"] and "import" in n["how_to_run"] for n in not_run["not_checked"])

        visit = await client.call_tool("validate_claim", {"date_of_service": DAY, "lines": [
            {"code": "97161", "units": 1, "modifiers": ["GP"], "provider": "pt"},
            {**EXERCISE, "units": 2, "minutes": 30, "modifiers": ["GP", "CQ"], "provider": "pta"}]})
        content = visit.structured_content
        assert content is not None and content["status"] == "incomplete" and content["valid"] is False
        assert [ln["status"] for ln in content["lines"]] == ["incomplete", "incomplete"]
        assert not [f for ln in content["lines"] for f in ln["findings"] if f["severity"] == "error"]
