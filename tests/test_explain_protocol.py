"""explain_rule, list_rules, the prompts and the resources through the MCP protocol: in-process in both protocol
eras, and over real stdio with the official client (issue 4, "Must show")."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from cpt97124_mcp.rules.catalog import all_rules
from cpt97124_mcp.server.app import build_server

from mcp_helpers import error_text, stdio_parameters

pytestmark = pytest.mark.anyio

TOPICS = {
    "eight minute rule": "units.cms-total-time",
    "8 minute rule": "units.cms-total-time",
    "rule of eights": "units.ama-midpoint",
    "rule of 8s": "units.ama-midpoint",
    "midpoint": "units.ama-midpoint",
    "therapy cap": "mod.kx-threshold",
    "KX modifier threshold": "mod.kx-threshold",
    "CQ modifier": "mod.assistant-required",
    "myofascial release": "line.myofascial-release",
}
PROMPTS = {  # name -> (required argument, a word the rendered text must contain)
    "bill_visit": ("visit", "validate_claim"),
    "check_claim_line": ("line", "validate_claim_line"),
    "explain_denial": ("denial", "explain_rule"),
    "units_question": ("question", "compute_units"),
}
STATIC_RESOURCES = {"rules://catalog", "units://table", "codes://catalog", "data://versions"}
BAD_CALLS = [  # (arguments, words the error must contain)
    ({}, ["rule_id", "topic", "neither"]),
    ({"rule_id": "units.cms-total-time", "topic": "KX"}, ["rule_id", "topic", "both"]),
    ({"rule_id": "units.cms-total"}, ["'units.cms-total'", "closest", "units.cms-total-time"]),
    ({"rule_id": "mod.kx"}, ["closest", "mod.kx-threshold"]),
    ({"topic": "zzz qqq"}, ["topic", "names no rule"]),
    ({"rule_id": "units.cms-total-time", "minutes": -1}, ["minutes", "-1"]),
    ({"rule_id": "units.cms-total-time", "minute": 38}, ["unknown argument 'minute'"]),
]


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def assert_complete(content: dict[str, Any], rule_id: str) -> None:
    assert content["rule_id"] == rule_id
    assert content["title"] and content["summary"] and content["explanation"] and content["applies_to"]
    assert content["citations"] and all(c["source"] and c["section"] for c in content["citations"])


async def explain(client: Client, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool("explain_rule", arguments)
    assert not result.is_error, result.content
    content: dict[str, Any] = result.structured_content
    return content


async def check_everything(client: Client) -> None:
    """What issue 4 asks to see: every rule explainable, topics, minutes=38, prompts and resources."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert tools["explain_rule"].output_schema and tools["explain_rule"].input_schema["additionalProperties"] is False
    listing = (await client.call_tool("list_rules", {})).structured_content
    assert [r["rule_id"] for r in listing["rules"]] == [r.id for r in all_rules()]
    for brief in listing["rules"]:
        assert_complete(await explain(client, rule_id=brief["rule_id"]), brief["rule_id"])
    for topic, rule_id in TOPICS.items():
        content = await explain(client, topic=topic)
        assert content["rule_id"] == rule_id and content["matched_by"] == "topic", topic
    example = (await explain(client, rule_id="units.cms-total-time", minutes=38))["example"]
    assert example["result"]["total_units"] == 3
    same = await client.call_tool("compute_units", example["arguments"])
    assert same.structured_content == example["result"]

    prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    assert set(PROMPTS) <= set(prompts)
    for name, (required, word) in PROMPTS.items():
        arguments = {a.name: a for a in prompts[name].arguments or []}
        assert arguments[required].required and all(a.description for a in arguments.values())
        rendered = await client.get_prompt(name, {required: "97124 38 minutes, GP"})
        text = rendered.messages[0].content.text  # type: ignore[union-attr]
        assert "97124 38 minutes, GP" in text and word in text and "{{" not in text

    listed = {str(r.uri): r for r in (await client.list_resources()).resources}
    assert set(listed) >= STATIC_RESOURCES and all(r.mime_type == "application/json" for r in listed.values())
    templates = [t.uri_template for t in (await client.list_resource_templates()).resource_templates]
    assert "rules://rule/{rule_id}" in templates
    for uri in STATIC_RESOURCES:
        assert json.loads((await client.read_resource(uri)).contents[0].text)  # type: ignore[union-attr]
    one = await client.read_resource("rules://rule/mod.kx-threshold")
    assert json.loads(one.contents[0].text)["rule_id"] == "mod.kx-threshold"  # type: ignore[union-attr]


async def test_explain_list_prompts_and_resources_in_process(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        await check_everything(client)


async def test_resources_carry_the_catalog_table_and_versions(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        def read(uri: str) -> Any:
            return client.read_resource(uri)
        table = json.loads((await read("units://table")).contents[0].text)
        assert {"units": 5, "from_minutes": 68, "to_minutes": 82} in table["rows"]
        versions = json.loads((await read("data://versions")).contents[0].text)
        assert "rule_catalog" in [f["name"] for f in versions["files"]]
        catalog = json.loads((await read("rules://catalog")).contents[0].text)
        assert len(catalog["rules"]) == len(all_rules())
        codes = json.loads((await read("codes://catalog")).contents[0].text)
        assert "97124" in [c["code"] for c in codes["codes"]]
        with pytest.raises(MCPError, match=r"closest: mod\.kx-threshold") as err:
            await read("rules://rule/mod.kx")
        assert err.value.error.code == INVALID_PARAMS


async def test_an_unknown_prompt_is_a_bad_request_naming_the_prompts(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        with pytest.raises(MCPError) as err:
            await client.get_prompt("units_questions", {"question": "38 min?"})
        assert err.value.error.code == INVALID_PARAMS
        message = err.value.error.message
        assert "'units_questions'" in message and "units_question" in message.split("allowed: ")[1].split(", ")


async def test_bad_arguments_name_the_field_and_the_server_keeps_serving(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        for arguments, words in BAD_CALLS:
            text = error_text(await client.call_tool("explain_rule", arguments))
            assert all(w in text for w in words), text
        assert (await explain(client, rule_id="line.mue"))["rule_id"] == "line.mue"


async def test_minutes_on_a_rule_without_example_is_said(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        content = await explain(client, rule_id="mod.kx-threshold", minutes=38)
    assert content["example"] is None and "minutes=38 was not used" in content["notes"][0]


async def test_topic_answer_lists_the_other_candidates(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        content = await explain(client, topic="CQ modifier")
    assert "mod.cq-with-gp" in [c["rule_id"] for c in content["candidates"]]


@pytest.mark.parametrize("arguments", [{}, {"question": "   "}, {"question": "38 min?", "payer_name": "x"}])
async def test_prompt_argument_errors_name_the_argument(mode: str, arguments: dict[str, str]) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        with pytest.raises(MCPError) as err:
            await client.get_prompt("units_question", arguments)
        assert "units_question" in str(err.value)
        assert ("payer_name" if "payer_name" in arguments else "missing required argument 'question'") in str(err.value)
        assert (await client.get_prompt("units_question", {"question": "38 min?"})).messages


@pytest.mark.e2e
async def test_everything_over_real_stdio() -> None:
    """The installed command, spawned by the official client over stdio."""
    async with Client(stdio_parameters()) as client:
        await check_everything(client)
        text = error_text(await client.call_tool("explain_rule", {"rule_id": "units.cms-total"}))
        assert "units.cms-total-time" in text
