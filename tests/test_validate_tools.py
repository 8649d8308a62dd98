"""validate_claim_line and validate_claim through the MCP protocol (both protocol eras, and real stdio),
and ``line_answerer``, the batch CLI's entry: same strictness, wording and answer as the tool."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from pydantic import ValidationError

from cpt97124_mcp.cli.validate import line_answerer
from cpt97124_mcp.rules import RuleInputError
from cpt97124_mcp.rules.ncci import import_mue, import_ptp
from cpt97124_mcp.rules.ncci.store import open_tables
from cpt97124_mcp.server.app import build_server
from cpt97124_mcp.tools.argument_errors import describe_validation_error
from cpt97124_mcp.tools.claim_schemas import ValidateClaimLineArgs

from cms_files import mue_text, ptp_text
from mcp_helpers import error_text, stdio_parameters

pytestmark = pytest.mark.anyio

MASSAGE = {"code": "97124", "units": 1, "modifiers": ["GP"], "minutes": 10}
EXERCISE = {"code": "97110", "units": 1, "modifiers": ["GP"], "minutes": 10}
POOLED = {"line": MASSAGE, "other_lines": [EXERCISE], "date_of_service": "2024-05-06"}
BAD_CALLS = [  # (arguments, words the error must contain)
    ({"line": {**MASSAGE, "code": "9712"}}, ["line.code", "'9712'", "5 characters"]),
    ({"line": {**MASSAGE, "units": -1}}, ["line.units", "-1", "greater than or equal to 0"]),
    ({"line": {**MASSAGE, "minutes": 2000}}, ["line.minutes", "2000", "less than or equal to 1440"]),
    ({"line": MASSAGE, "other_lines": [{**EXERCISE, "minutes": 1000}, {**EXERCISE, "code": "97140", "minutes": 500}]},
     ["other_lines", "1510", "at most 1440"]),
    ({"line": MASSAGE, "ytd_amount": 5}, ["unknown argument 'ytd_amount'", "ytd_therapy_amount"]),
    ({"line": {**MASSAGE, "minuts": 3}}, ["unknown field 'line.minuts'"]),
    ({"line": MASSAGE, "date_of_service": "2024-13-01"}, ["date_of_service", "'2024-13-01'", "ISO date"]),
    ({"line": MASSAGE, "payer": "aetna"}, ["'payer'", "'medicare'"]),
    ({"line": MASSAGE, "provider": "lmt"}, ["'provider'", "'massage_therapist'"]),
    ({}, ["'line' is required"]),
]


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "store"))
    return tmp_path / "store" / "ncci.sqlite3"


def rule_ids(findings: list[dict[str, Any]]) -> dict[str, str]:
    return {f["rule_id"]: f["severity"] for f in findings}


async def test_tools_are_published_strict_and_read_only(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        tools = {t.name: t for t in (await client.list_tools()).tools}
    for name in ("validate_claim_line", "validate_claim"):
        tool = tools[name]
        assert tool.input_schema["additionalProperties"] is False and tool.output_schema
        assert {"valid", "payer", "method", "data_version"} <= set(tool.output_schema["properties"])
        assert tool.annotations and tool.annotations.read_only_hint and tool.annotations.idempotent_hint
        assert "Call it for" in (tool.description or "")


async def test_pooled_minutes_over_billing_is_an_error_with_fix_and_citation(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        result = await client.call_tool("validate_claim_line", POOLED)
        commercial = await client.call_tool("validate_claim_line", {**POOLED, "payer": "commercial"})
    content = result.structured_content
    assert content["valid"] is False and content["method"] == "cms" and content["expected_units"] == 1
    (session,) = [f for f in content["findings"] if f["rule_id"] == "session.total-timed-units"]
    assert session["severity"] == "error" and "§20.2" in session["citation"] and "1 timed unit" in session["fix"]
    # no table imported: said in not_checked, not skipped (and not an error: status errors comes from the pooling)
    assert "ncci.ptp" in {n["rule_id"] for n in content["not_checked"]} and content["status"] == "errors"
    assert commercial.structured_content["valid"] is True and commercial.structured_content["method"] == "ama"


async def test_imported_tables_are_used_by_the_tools(tmp_path: Path, mode: str) -> None:
    import_ptp([ptp_text(tmp_path / "ptp.txt")])
    import_mue(mue_text(tmp_path / "mue.txt"))
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        result = await client.call_tool("validate_claim", {"date_of_service": "2025-02-03", "lines": [
            {"code": "97530", "units": 1, "modifiers": ["GP"], "minutes": 15},
            {"code": "97124", "units": 5, "modifiers": ["gp"], "minutes": 75}]})
    content = result.structured_content
    assert content["valid"] is False and [ln["valid"] for ln in content["lines"]] == [True, False]
    massage = content["lines"][1]
    assert {"ncci.ptp": "error", "line.mue": "error"}.items() <= rule_ids(massage["findings"]).items()
    assert massage["suggested_line"]["modifiers"] == ["GP"] and massage["suggested_line"]["units"] == 4
    assert "ncci-ptp@ptp.txt" in content["data_version"] and "ncci-mue@mue.txt" in content["data_version"]


async def test_bad_input_names_the_field_and_the_server_keeps_serving(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        for arguments, words in BAD_CALLS:
            text = error_text(await client.call_tool("validate_claim_line", arguments))
            assert all(w in text for w in words), text
        text = error_text(await client.call_tool("validate_claim", {"lines": []}))
        assert "'lines'" in text and "at least 1" in text
        assert not (await client.call_tool("validate_claim_line", POOLED)).is_error


@pytest.mark.parametrize(("arguments", "words"), BAD_CALLS)
def test_line_answer_is_as_strict_as_the_tool(arguments: dict[str, Any], words: list[str]) -> None:
    allowed = list(ValidateClaimLineArgs.model_fields)
    with pytest.raises((ValidationError, RuleInputError)) as caught:
        line_answerer(open_tables())(arguments)
    error = caught.value
    text = (describe_validation_error("validate_claim_line", error, allowed) if isinstance(error, ValidationError)
            else f"Invalid arguments for validate_claim_line: {error}")
    assert all(w in text for w in words), text


async def test_line_answer_is_what_the_tool_answers(mode: str) -> None:
    async with Client(build_server(), mode=mode) as client:  # type: ignore[arg-type]
        tool = (await client.call_tool("validate_claim_line", POOLED)).structured_content
    answer = line_answerer(open_tables())(POOLED).model_dump(mode="json")
    assert answer == tool
    assert not answer["valid"] and "session.total-timed-units" in {f["rule_id"] for f in answer["findings"]}
    assert answer["date_of_service"] == "2024-05-06" and answer["data_version"]


@pytest.mark.e2e
async def test_rules_fire_and_stay_silent_over_real_stdio(tmp_path: Path) -> None:
    """The installed command over stdio: a rule fires, the clean line is valid, bad input errors, serving goes on."""
    async with Client(stdio_parameters(CPT97124_DATA_DIR=str(tmp_path))) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert {"validate_claim_line", "validate_claim"} <= names
        clean = {"line": {**MASSAGE, "minutes": 15}, "ytd_therapy_amount": 2350}
        kx = await client.call_tool("validate_claim_line", {**clean, "date_of_service": "2024-11-04"})
        assert rule_ids(kx.structured_content["findings"])["mod.kx-threshold"] == "error"
        later = await client.call_tool("validate_claim_line", {**clean, "date_of_service": "2025-11-04"})
        # no error, but no MUE table is imported in this data directory: incomplete, never valid
        assert later.structured_content["status"] == "incomplete" and later.structured_content["valid"] is False
        assert [n["rule_id"] for n in later.structured_content["not_checked"]] == ["line.mue"]
        for arguments, words in BAD_CALLS[:3] + BAD_CALLS[4:5] + BAD_CALLS[6:7]:
            text = error_text(await client.call_tool("validate_claim_line", arguments))
            assert all(w in text for w in words), text
        assert (await client.call_tool("validate_claim", {"lines": [MASSAGE, EXERCISE]})).structured_content[
            "claim_findings"][0]["rule_id"] == "session.total-timed-units"
