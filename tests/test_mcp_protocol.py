"""compute_units through the MCP protocol: in-process in both protocol eras, and over real stdio."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client

from cpt97124_mcp.server.app import build_server
from cpt97124_mcp.tools import all_tools

from conftest import CMS_EXAMPLES, allocations, example_arguments
from mcp_helpers import error_text, stdio_parameters

pytestmark = pytest.mark.anyio

BAD_CALLS = [  # (arguments, words the error must contain)
    ({"services": [{"code": "97124", "minutes": 10}], "ytd_amount": 5}, ["unknown argument 'ytd_amount'"]),
    ({"services": [{"code": "97124", "minutes": -5}]}, ["services[0].minutes", "-5", "greater than or equal to 0"]),
    ({"services": [{"code": "9712", "minutes": 5}]}, ["services[0].code", "'9712'", "5 characters"]),
    ({"services": [{"code": "97124", "minutes": 30, "minuts": 3}]}, ["unknown field 'services[0].minuts'"]),
    ({"services": [{"code": "97124", "minutes": 10}], "method": "medicare"}, ["'method'", "'cms' or 'ama'"]),
    ({"services": []}, ["'services'", "at least 1"]),
    ({}, ["'services' is required"]),
]


def assert_example(case: dict[str, Any], content: dict[str, Any]) -> None:
    reported = [allocations(content["lines"])] + [allocations(alt) for alt in content["alternatives"]]
    assert sorted(sorted(r.items()) for r in reported) == sorted(sorted(a.items()) for a in case["acceptable_units"])


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_tool_is_published_with_schemas_and_annotations(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        (tool,) = [t for t in (await client.list_tools()).tools if t.name == "compute_units"]
    assert tool.output_schema and "alternatives" in tool.output_schema["properties"]
    assert tool.input_schema["additionalProperties"] is False
    assert tool.annotations and tool.annotations.read_only_hint and tool.annotations.idempotent_hint
    assert tool.annotations.open_world_hint is False and tool.title


async def test_cms_examples_in_process(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        for case in CMS_EXAMPLES:
            result = await client.call_tool("compute_units", example_arguments(case))
            assert not result.is_error
            assert_example(case, result.structured_content)


async def test_text_block_is_the_structured_content_as_json(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        result = await client.call_tool("compute_units", example_arguments(CMS_EXAMPLES[0]))
    assert json.loads(result.content[0].text) == result.structured_content


async def test_bad_arguments_name_the_field_and_the_server_keeps_serving(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        for arguments, words in BAD_CALLS:
            text = error_text(await client.call_tool("compute_units", arguments))
            assert all(w in text for w in words), text
        assert not (await client.call_tool("compute_units", {"services": [{"minutes": 38}]})).is_error


@pytest.mark.e2e
async def test_console_script_over_real_stdio() -> None:
    """The installed command, spawned by the SDK's stdio client: every CMS example, ties, a bad argument."""
    async with Client(stdio_parameters()) as client:
        assert [t.name for t in (await client.list_tools()).tools] == [t.name for t in all_tools()]
        for case in CMS_EXAMPLES:
            result = await client.call_tool("compute_units", example_arguments(case))
            assert_example(case, result.structured_content)
        tie = await client.call_tool("compute_units", example_arguments(CMS_EXAMPLES[4]))
        assert tie.structured_content["alternatives_total"] == 2
        text = error_text(await client.call_tool("compute_units", BAD_CALLS[0][0]))
        assert "ytd_amount" in text
        after = await client.call_tool("compute_units", {"services": [{"minutes": 38}]})
        assert after.structured_content["total_units"] == 3
