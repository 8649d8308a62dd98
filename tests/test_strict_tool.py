"""Arguments as the SDK takes them: JSON sent inside a string (as some clients send arrays and objects) is still
parsed exactly as the SDK parses it, though ``StrictMetadata`` skips the parse where it cannot change anything."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mcp import Client
from mcp.server.mcpserver.utilities.func_metadata import FuncMetadata

from cpt97124_mcp.server.app import build_server
from cpt97124_mcp.tools import all_tools

TOOLS = all_tools()
NAMES = sorted({name for tool in TOOLS for name in tool.parameters["properties"]} | {"unknown"})
JSONISH = st.sampled_from(["null", " true", "false ", "[1, 2]", ' {"a": 1}', "5", '"x"', "[", "nul", "\u00a0[1]", ""])
values = st.one_of(st.text(max_size=12), JSONISH, st.integers(), st.none(), st.lists(st.integers(), max_size=2))


@given(st.dictionaries(st.sampled_from(NAMES), values, max_size=4))
def test_pre_parsing_gives_what_the_sdk_gives(data: dict[str, object]) -> None:
    for tool in TOOLS:
        assert tool.fn_metadata.pre_parse_json(data) == FuncMetadata.pre_parse_json(tool.fn_metadata, data)


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
