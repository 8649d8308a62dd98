"""Issue 12 (honest answers, who furnished each line): status and not_checked, not_applied and apply_rules, the
line's provider, assistant_minutes and place_of_service, and the topics coders use for the new rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.catalog import match_topic
from cpt97124_mcp.rules.claims import LineInput, validate_claim, validate_line
from cpt97124_mcp.rules.claims.checks_dates import earliest_data
from cpt97124_mcp.rules.errors import RuleInputError
from cpt97124_mcp.rules.ncci import NcciTables
from cpt97124_mcp.server.app import build_server

from mcp_helpers import error_text

L = LineInput
DAY = "2024-06-03"
MT = L("97124", 1, ["GP"], 15)
PAIR = (L("97530", 1, ["GP"], 15),)  # 97124 is column 2 to 97530 in the synthetic PTP table (indicator 1)


def rules_of(findings: Any) -> dict[str, str]:
    return {f.rule_id: f.severity for f in findings}


def test_clean_needs_every_check_that_applies_to_have_run(tables: NcciTables) -> None:
    ran = validate_line(MT, date_of_service=DAY, ncci=tables)
    assert (ran.status, ran.valid, ran.not_checked) == ("clean", True, ())
    unknown = validate_line(L("99999", 1), date_of_service=DAY, ncci=tables)
    assert (unknown.status, unknown.valid) == ("incomplete", False)
    assert [n.rule_id for n in unknown.not_checked] == ["line.code-known"]
    no_threshold = validate_line(MT, date_of_service="2005-06-01", ytd_therapy_amount=5000, ncci=tables)
    assert "mod.kx-threshold" in {n.rule_id for n in no_threshold.not_checked}
    assert no_threshold.status == "incomplete"


def test_an_error_outranks_a_check_not_run() -> None:
    result = validate_line(L("97124", 3, ["GP"], 20), date_of_service=DAY)
    assert (result.status, result.valid) == ("errors", False) and result.not_checked


def test_commercial_lists_the_rules_it_did_not_apply_without_being_incomplete(tables: NcciTables) -> None:
    medicare = validate_line(MT, PAIR, date_of_service=DAY, ncci=None)
    commercial = validate_line(MT, PAIR, payer="commercial", date_of_service=DAY, ncci=None)
    assert medicare.not_applied == () and medicare.status == "incomplete"
    assert (commercial.status, commercial.valid, commercial.not_checked) == ("clean", True, ())
    skipped = {rule_id: n.reason for n in commercial.not_applied for rule_id in n.rule_ids}
    assert {"ncci.ptp", "line.mue", "mod.therapy-required", "line.telehealth-list"} <= set(skipped)
    assert 'apply_rules ["ncci"]' in skipped["ncci.ptp"] and 'apply_rules ["medicare"]' in skipped["mod.kx-threshold"]
    assert [n.rule_set for n in commercial.not_applied] == ["medicare", "ncci"]  # each reason said once


def test_apply_rules_applies_ncci_or_medicare_as_warnings(tables: NcciTables) -> None:
    ncci = validate_line(MT, PAIR, payer="commercial", date_of_service=DAY, ncci=tables, apply_rules=["ncci"])
    assert rules_of(ncci.findings)["ncci.ptp"] == "warning" and "unverified" in ncci.findings[0].message
    assert "ncci.ptp" not in {r for n in ncci.not_applied for r in n.rule_ids}
    assert "mod.therapy-required" in {r for n in ncci.not_applied for r in n.rule_ids}
    untested = validate_line(MT, PAIR, payer="medicaid", date_of_service=DAY, apply_rules=["ncci"])
    assert untested.status == "incomplete" and {"ncci.ptp", "line.mue"} <= {n.rule_id for n in untested.not_checked}
    medicare = validate_line(L("97124", 1, [], 15), payer="commercial", date_of_service=DAY, ncci=tables,
                             apply_rules=["medicare"])
    assert rules_of(medicare.findings)["mod.therapy-required"] == "warning" and medicare.not_applied == ()
    assert medicare.status == "clean"  # a followed rule's error is a warning: the plan's use of it is unverified
    with pytest.raises(RuleInputError) as bad:
        validate_line(MT, payer="commercial", apply_rules=["aetna"])
    assert bad.value.field == "apply_rules[0]"


def test_a_pt_evaluation_and_a_pta_treatment_on_one_day(tables: NcciTables) -> None:
    evaluation, treatment = L("97161", 1, ["GP"], provider="pt"), L("97110", 2, ["GP"], 30, provider="pta")
    result = validate_claim([evaluation, treatment], date_of_service=DAY, ncci=tables)
    assert rules_of(result.lines[0].findings).get("provider.assistant-evaluation") is None
    assert rules_of(result.lines[1].findings)["mod.assistant-required"] == "error"
    assert result.lines[1].suggested_line is not None and result.lines[1].suggested_line.modifiers == ("GP", "CQ")
    assert result.lines[1].suggested_line.provider == "pta"
    fixed = validate_claim([evaluation, L("97110", 2, ["GP", "CQ"], 30, provider="pta")], date_of_service=DAY,
                           ncci=tables)
    assert fixed.status == "clean" and all(r.valid for r in fixed.lines)
    # the claim's provider is the default; the line's overrides it
    swapped = validate_claim([L("97161", 1, ["GP"]), L("97110", 2, ["GP"], 30, provider="pt")], provider="pta",
                             date_of_service=DAY, ncci=tables)
    assert rules_of(swapped.lines[0].findings)["provider.assistant-evaluation"] == "error"
    assert "mod.assistant-required" not in rules_of(swapped.lines[1].findings)


def test_the_line_s_provider_reaches_every_provider_check() -> None:
    result = validate_claim([L("97124", 1, ["GP"], 15, provider="massage_therapist"), L("97110", 1, ["GP"], 15)],
                            provider="pt", date_of_service=DAY)
    assert "provider.massage-therapist" in rules_of(result.lines[0].findings)
    assert "provider.massage-therapist" not in rules_of(result.lines[1].findings)
    chiro = validate_line(L("97124", 1, ["GP"], 15, provider="chiropractor"), date_of_service=DAY)
    assert rules_of(chiro.findings)["provider.chiropractor"] == "error"
    physician = validate_line(L("97124", 1, ["GP", "CQ"], 15, provider="physician"), date_of_service=DAY)
    assert rules_of(physician.findings)["mod.assistant-not-for-physician"] == "error"


@pytest.mark.parametrize(("assistant", "needs_cq"), [(0, False), (1, False), (3, False), (4, True), (30, True)])
def test_cq_only_above_ten_percent_of_the_minutes(assistant: int, needs_cq: bool) -> None:
    """30 minutes of 97110 by a PT: an assistant's 3 minutes are 10% (de minimis), 4 are more."""
    result = validate_line(L("97110", 2, ["GP"], 30, provider="pt", assistant_minutes=assistant), date_of_service=DAY)
    assert ("mod.assistant-required" in rules_of(result.findings)) == needs_cq
    with_cq = validate_line(L("97110", 2, ["GP", "CQ"], 30, provider="pt", assistant_minutes=assistant),
                            date_of_service=DAY)
    assert ("mod.assistant-not-furnished" in rules_of(with_cq.findings)) == (not needs_cq)
    if not needs_cq:  # the suggested line drops the CQ that would cost 15%
        assert with_cq.suggested_line is not None and "CQ" not in with_cq.suggested_line.modifiers


def test_assistant_minutes_without_a_provider_use_the_line_s_therapy_modifier() -> None:
    alone = validate_line(L("97110", 1, ["GP", "CQ"], 15, assistant_minutes=0), date_of_service=DAY)
    assert rules_of(alone.findings)["mod.assistant-not-furnished"] == "warning"
    assisted = validate_line(L("97530", 1, ["GO"], 15, assistant_minutes=15), date_of_service=DAY)
    assert rules_of(assisted.findings)["mod.assistant-required"] == "error"
    assert assisted.suggested_line is not None and assisted.suggested_line.modifiers == ("GO", "CO")


def test_cq_dates_follow_the_statute() -> None:
    line = L("97110", 1, ["GP", "CQ"], 15)
    before = validate_line(line, provider="pta", date_of_service="2018-12-31")
    assert rules_of(before.findings)["mod.assistant-dates"] == "error" and "2019-01-01" in before.findings[0].message
    assert "pay.cq-co-reduction" not in rules_of(before.findings)
    assert rules_of(validate_line(line, provider="pta", date_of_service="2019-12-31").findings)[
        "mod.assistant-dates"] == "warning"


def test_telehealth_windows_are_cited_by_date() -> None:
    line = L("97110", 1, ["GP", "95"], 15)
    assert "line.telehealth-window" not in rules_of(validate_line(line, date_of_service="2025-10-15").findings)
    outside = validate_line(line, date_of_service="2028-03-01")
    (window,) = [f for f in outside.findings if f.rule_id == "line.telehealth-window"]
    assert "2020-03-01 through 2027-12-31" in window.message and "[secondary]" not in window.message
    assert "1395m(m)" in window.citation
    assert "line.telehealth-window" in rules_of(validate_line(line, date_of_service="2020-02-28").findings)
    massage = validate_line(L("97124", 1, ["GP", "95"], 15), date_of_service="2025-06-02")
    (listed,) = [f for f in massage.findings if f.rule_id == "line.telehealth-list"]
    assert "secondary sources" in listed.message and listed.severity == "error"


def test_place_of_service_on_the_claim_or_the_line() -> None:
    claim = validate_claim([MT, L("97124", 1, ["GP"], 15, place_of_service="11")], place_of_service="10",
                           date_of_service="2025-06-02")
    assert "line.telehealth-list" in rules_of(claim.lines[0].findings)
    assert "line.telehealth-list" not in rules_of(claim.lines[1].findings)
    assert claim.lines[1].line.place_of_service == "11"


@pytest.mark.parametrize(("line", "field"), [
    (L("97110", 1, ["GP"], 10, assistant_minutes=11), "line.assistant_minutes"),
    (L("97110", 1, ["GP"], 10, assistant_minutes=True), "line.assistant_minutes"),  # type: ignore[arg-type]
    (L("97110", 1, ["GP"], 10, place_of_service="1"), "line.place_of_service"),
    (L("97110", 1, ["GP"], 10, provider="lmt"), "line.provider"),
])
def test_bad_line_fields_name_the_field(line: LineInput, field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        validate_line(line)
    assert caught.value.field == field


def test_dates_outside_the_data_are_said() -> None:
    future = validate_line(MT, date_of_service="2999-01-04")
    assert rules_of(future.findings)["session.date-of-service"] == "warning"
    assert "future" in future.findings[-1].message
    first = earliest_data()
    old = validate_line(MT, date_of_service=first.replace(year=first.year - 1))
    said = next(f for f in old.findings if f.rule_id == "session.date-of-service")
    assert f"before {first.isoformat()}" in said.message and said.severity == "warning"
    assert "session.date-of-service" not in rules_of(validate_line(MT, date_of_service=first).findings)


@pytest.mark.parametrize(("topic", "rule_id"), [
    ("telehealth 97124", "line.telehealth-list"),
    ("can I bill massage by telehealth", "line.telehealth-list"),
    ("telehealth extension for physical therapy", "line.telehealth-window"),
    ("can a PTA do an evaluation", "provider.assistant-evaluation"),
    ("CQ on a line the therapist furnished alone", "mod.assistant-not-furnished"),
    ("CQ effective date", "mod.assistant-dates"),
])
def test_topics_coders_use_find_the_new_rules(topic: str, rule_id: str) -> None:
    assert match_topic(topic)[0] == rule_id


@pytest.mark.anyio
async def test_the_tools_take_the_new_fields_and_refuse_bad_ones() -> None:
    async with Client(build_server()) as client:
        answer = (await client.call_tool("validate_claim_line", {
            "line": {"code": "97110", "units": 2, "modifiers": ["GP"], "minutes": 30, "provider": "pt",
                     "assistant_minutes": 20, "place_of_service": "11"},
            "payer": "commercial", "apply_rules": ["ncci"], "date_of_service": DAY})).structured_content
        assert answer is not None and answer["status"] in ("clean", "incomplete")
        assert {"rule_set", "rule_ids", "reason"} == set(answer["not_applied"][0])
        text = error_text(await client.call_tool("validate_claim_line", {"line": {"code": "97110", "units": 1},
                                                                          "apply_rules": ["aetna"]}))
        assert "apply_rules" in text and "'ncci'" in text


def test_csv_columns_for_the_line_s_assistant_minutes_and_place(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("code,units,minutes,modifiers,provider,assistant_minutes,place_of_service,date_of_service\n"
                    "97110,2,30,GP CQ,pt,0,11,2025-06-02\n97124,1,15,GP,pt,,10,2025-06-02\n", encoding="utf-8")
    code = main(["validate", str(path), "--json"])
    out = capsys.readouterr().out
    assert code == 1 and "mod.assistant-not-furnished" in out and "line.telehealth-list" in out
