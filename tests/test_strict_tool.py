"""Arguments as the SDK takes them: JSON sent inside a string (as some clients send arrays and objects) is parsed
as the SDK parses it, also for the strict argument models (``tools/strict.py``)."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from cpt97124_mcp.server.app import build_server


@pytest.mark.anyio
async def test_lines_sent_as_json_text_are_read() -> None:
    other = [{"code": "97110", "units": 1, "minutes": 10, "modifiers": ["GP"]}]
    async with Client(build_server()) as client:
        result = await client.call_tool("validate_claim_line", {
            "line": json.dumps({"code": "97124", "units": 1, "minutes": 10, "modifiers": ["GP"]}),
            "other_lines": json.dumps(other), "date_of_service": "2025-03-03"})
    assert not result.is_error and result.structured_content is not None
    assert result.structured_content["date_of_service"] == "2025-03-03"
    assert "session.total-timed-units" in {f["rule_id"] for f in result.structured_content["findings"]}
