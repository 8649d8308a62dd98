"""Issue 14, context budget: what a host gives the model for our tools, and our answers, say each thing once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client

from cpt97124_mcp.rules import data_version
from cpt97124_mcp.server.app import build_server
from cpt97124_mcp.tools.claim_schemas import ClaimLineInput
from cpt97124_mcp.tools.compact_schema import compact_schema
from cpt97124_mcp.tools.list_rules import rules_listing
from cpt97124_mcp.tools.validate_claim import validate_claim

pytestmark = pytest.mark.anyio


def compact(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode())


def keywords(schema: Any, found: set[str]) -> set[str]:
    """Every schema keyword used (property names excluded)."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("properties", "$defs"):
                for sub in value.values():
                    keywords(sub, found)
            else:
                found.add(key)
                keywords(value, found)
    elif isinstance(schema, list):
        for item in schema:
            keywords(item, found)
    return found


async def published() -> list[Any]:
    async with Client(build_server()) as client:
        return (await client.list_tools()).tools


async def test_the_tools_fit_the_context_budget_without_pydantic_noise() -> None:
    tools = await published()
    seen = sum(compact({"name": t.name, "description": t.description, "inputSchema": t.input_schema}) for t in tools)
    assert seen <= 8_000, seen
    for tool in tools:
        assert "title" not in keywords(tool.input_schema, set()), tool.name
        assert "title" not in keywords(tool.output_schema, set()), tool.name
    line_tool = next(t for t in tools if t.name == "validate_claim_line")
    schema = json.dumps(line_tool.input_schema)
    assert schema.count('"units": {') == 1 and list(line_tool.input_schema["$defs"]) == ["ClaimLineInput", "Provider"]
    assert "null" not in schema  # optional inputs are the ones not required


def test_optional_inputs_drop_null_but_outputs_keep_it() -> None:
    node = {"properties": {"n": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None, "title": "N"}}}
    assert compact_schema(node, nulls=False) == {"properties": {"n": {"type": "integer"}}}
    assert compact_schema(node, nulls=True) == {"properties": {"n": {"type": ["integer", "null"], "default": None}}}


def test_list_rules_is_ids_and_titles_within_6_kb() -> None:
    listing = rules_listing().model_dump(mode="json")
    assert compact(listing) <= 6_000 and set(listing["rules"][0]) == {"rule_id", "title"}


def test_data_version_is_one_short_string() -> None:
    assert ";" not in data_version() and len(data_version()) <= 20


async def test_a_note_every_line_carries_is_said_once_per_claim() -> None:
    lines = [ClaimLineInput(code=code, units=units, modifiers=["GP"], minutes=minutes)
             for code, units, minutes in (("97124", 2, 30), ("97110", 1, 15), ("97140", 1, 15))]
    answer = (await validate_claim(lines, date_of_service="2025-03-03")).model_dump(mode="json")
    text = json.dumps(answer)
    assert text.count('"pay.mppr"') == 1
    assert [f["rule_id"] for f in answer["claim_findings"]] == ["pay.mppr"]
    assert all(line["status"] == "incomplete" for line in answer["lines"]) and answer["status"] == "incomplete"
    assert compact(answer) < 4_000


async def test_the_compact_code_listing() -> None:
    async with Client(build_server()) as client:
        result = await client.read_resource("codes://list")
    listing = json.loads(result.contents[0].text)  # type: ignore[union-attr]
    assert listing["columns"] == ["code", "label", "timed", "discipline"]
    assert [listing["rows"][[r[0] for r in listing["rows"]].index("97124")][i] for i in (0, 2)] == ["97124", True]
