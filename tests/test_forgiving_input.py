"""Issue 14, "At a terminal": enum values in any case, booleans are not numbers, modifiers '-59' == '59', body
regions in coders' words (or refused with the list), negative minutes named as such."""

from __future__ import annotations

import pytest
from mcp import Client

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.claims import LineInput, validate_line
from cpt97124_mcp.rules.claims.ncci_policy import region_named
from cpt97124_mcp.rules.errors import RuleInputError
from cpt97124_mcp.server.app import build_server

pytestmark = pytest.mark.anyio


async def call(name: str, arguments: dict[str, object]) -> tuple[bool, str, dict[str, object]]:
    async with Client(build_server()) as client:
        result = await client.call_tool(name, arguments)
    text = result.content[0].text if result.content else ""  # type: ignore[union-attr]
    return result.is_error, text, dict(result.structured_content or {})


async def test_enum_values_in_any_case() -> None:
    error, _, answer = await call("validate_claim_line", {
        "line": {"code": "97124", "units": 1, "modifiers": ["GP"], "minutes": 15, "provider": "PT"},
        "payer": "Medicare", "method": "AMA", "plan_of_care": "Pt"})
    assert not error and answer["payer"] == "medicare" and answer["method"] == "ama"
    error, _, answer = await call("compute_units", {"services": [{"minutes": 8, "discipline": "OT"}],
                                                    "method": "CMS"})
    assert not error and answer["method"] == "cms"


@pytest.mark.parametrize(("name", "arguments", "field"), [
    ("compute_units", {"services": [{"code": "97124", "minutes": True}]}, "minutes"),
    ("validate_claim_line", {"line": {"code": "97124", "units": True}}, "units"),
    ("validate_claim_line", {"line": {"code": "97124", "units": 1, "minutes": False}}, "minutes"),
    ("explain_rule", {"rule_id": "units.cms-total-time", "minutes": True}, "minutes"),
    ("estimate_payment", {"lines": [{"code": "97124", "units": True}], "date_of_service": "2025-06-02"}, "units")])
async def test_booleans_are_not_numbers(name: str, arguments: dict[str, object], field: str) -> None:
    error, text, _ = await call(name, arguments)
    assert error and field in text and "boolean" in text


@pytest.mark.parametrize("timed", [0, 1, "no", "true"])
async def test_numbers_and_words_are_not_booleans(timed: object) -> None:
    """``timed`` turns an untimed code timed (or back): only true or false may do that, never 0 or 'no'."""
    error, text, _ = await call("compute_units", {"services": [{"code": "97124", "minutes": 38, "timed": timed}]})
    assert error and "timed" in text and "boolean" in text


def test_a_hyphen_before_a_modifier_changes_nothing() -> None:
    cmt = LineInput("98940", 1, ["AT"], None, ["lumbar"])
    plain = validate_line(LineInput("97124", 1, ["GP", "59"], 15, ["shoulder"]), [cmt], date_of_service="2025-03-03")
    hyphen = validate_line(LineInput("97124", 1, ["GP", "-59"], 15, ["shoulder"]), [cmt],
                           date_of_service="2025-03-03")
    assert plain.findings == hyphen.findings and plain.status == hyphen.status
    assert "ncci.cmt-region" not in {f.rule_id for f in hyphen.findings}  # 59 bypasses the region rule


@pytest.mark.parametrize(("word", "region"), [("shoulder", "upper_extremity"), ("Neck", "cervical"),
                                              ("low back", "lumbar"), ("left knee", "lower_extremity"),
                                              ("SI joint", "pelvic"), ("upper-extremity", "upper_extremity"),
                                              ("Lumbar", "lumbar"), ("elbowz", None)])
def test_coders_words_name_the_catalog_regions(word: str, region: str | None) -> None:
    assert region_named(word) == region


def test_an_unknown_region_is_refused_with_the_list() -> None:
    with pytest.raises(RuleInputError, match="'elbowz' is not a body region") as refused:
        validate_line(LineInput("97124", 1, ["GP"], 15, ["elbowz"]))
    assert "upper_extremity" in str(refused.value) and refused.value.field == "line.regions[0]"


def test_region_words_reach_the_region_rule() -> None:
    cmt = LineInput("98940", 1, ["AT"], None, ["lumbar"])
    same = validate_line(LineInput("97124", 1, ["GP"], 15, ["low back"]), [cmt], date_of_service="2025-03-03")
    assert "ncci.cmt-region" in {f.rule_id for f in same.findings}


@pytest.mark.parametrize(("argv", "words"), [
    (["units", "97110=-5"], ["-5 are negative"]),
    (["units", "97110=33", "--method", "mcare"], ["argument --method", "'cms', 'ama'"])])
def test_cli_messages(argv: list[str], words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(argv))
    err = capsys.readouterr().err
    assert exited.value.code == 2 and all(w in err for w in words), err


def test_cli_method_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "97110=33", "--method", "AMA", "--json"]) == 0
    assert '"method":"ama"' in capsys.readouterr().out.replace(" ", "")


@pytest.mark.parametrize(("minutes", "noted"), [(300, True), (241, True), (240, False), (38, False)])
def test_minutes_beyond_a_plausible_day_get_a_note(minutes: int, noted: bool) -> None:
    from cpt97124_mcp.rules import Service, compute_units

    notes = " ".join(compute_units([Service("97124", minutes)]).notes)
    assert ("more than 4 hours of one code" in notes and "heuristic" in notes) is noted
