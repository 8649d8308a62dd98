"""Issue 12 (code status, pooling, citations): topics, payers, citations a coder can trust, a code on several
lines, per-discipline pooling and one coherent answer for a line no coding makes payable."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_validate_rules import FIRES

from cpt97124_mcp.rules import Service, compute_units
from cpt97124_mcp.rules.catalog import all_rules, match_topic, rule
from cpt97124_mcp.rules.claims import LineInput, validate_claim, validate_line
from cpt97124_mcp.rules.claims.profiles import profiles
from cpt97124_mcp.rules.data_files import DATA_FILES, load_data
from cpt97124_mcp.rules.ncci import NcciTables
from cpt97124_mcp.rules.types import Method, Payer
from cpt97124_mcp.rules.unit_table import units_for_minutes
from cpt97124_mcp.tools.explain_rule import explanation
from cpt97124_mcp.tools.list_rules import rules_listing

L = LineInput

# The words coders use -> the rule explain_rule --topic must land on (the lead extends this table with the
# telehealth and assistant rules).
TOPICS = [
    ("97014", "line.code-replaced"),
    ("G0283", "line.code-replaced"),
    ("can I bill 97014 to medicare", "line.code-replaced"),
    ("bundled code", "line.code-bundled"),
    ("status B", "line.code-bundled"),
    ("97010", "line.code-bundled"),
    ("add-on code", "line.add-on-code"),
    ("97129", "line.add-on-code"),
    ("97130 units", "line.add-on-code"),
    ("AT modifier", "mod.at-active-treatment"),
    ("chiropractic maintenance", "mod.at-active-treatment"),
    ("GX modifier", "mod.abn"),
    ("therapy cap", "mod.kx-threshold"),
    ("therapy cap exception", "mod.kx-threshold"),
]


@pytest.mark.parametrize(("text", "expected"), TOPICS)
def test_explain_topic_finds_the_rule_by_the_words_coders_use(text: str, expected: str) -> None:
    assert match_topic(text)[0] == expected


def test_the_payers_of_a_rule_read_the_same_everywhere() -> None:
    """applies_to is the catalog's: explain_rule shows it (list_rules lists ids and titles only), and each payer's
    unit method is a rule that applies to it (the CMS rule to Medicare and Medicaid, the midpoint rule to
    commercial)."""
    assert [r.rule_id for r in rules_listing().rules] == [r.id for r in all_rules()]
    for r in all_rules():
        assert list(r.applies_to) == explanation(r.id, None, None).applies_to
    method_rule = {Method.CMS: "units.cms-total-time", Method.AMA: "units.ama-midpoint"}
    for payer, profile in profiles().items():
        assert payer in rule(method_rule[profile.method]).applies_to
    assert rule("units.cms-total-time").applies_to == (Payer.MEDICARE, Payer.MEDICAID)
    assert rule("units.ama-midpoint").applies_to == (Payer.COMMERCIAL,)


RESEARCH_NOTES = re.compile(r"third-party|text read|read via|closed form|chunk|github|roncom|opening read only|"
                            r"project's|\.json\b|\.py\b", re.IGNORECASE)
NOT_PUBLISHERS = re.compile(r"5y1\.org|staging\.|webhooks\.|github|bansdoc|pdf4pro|mirror")


def test_what_users_see_of_the_catalog_carries_no_research_notes_or_mirrors() -> None:
    for r in all_rules():
        shown = explanation(r.id, None, None).model_dump_json()
        assert not RESEARCH_NOTES.search(shown), (r.id, RESEARCH_NOTES.search(shown))
        assert not NOT_PUBLISHERS.search(shown), r.id
        assert len({(c.source, c.section) for c in r.citations}) == len(r.citations), r.id
    for name in DATA_FILES:  # data://versions shows each file's description
        assert not RESEARCH_NOTES.search(load_data(name)["description"]), name


@pytest.mark.parametrize("case", FIRES, ids=[f"{c[0]}-{i}" for i, c in enumerate(FIRES)])
def test_no_citation_is_repeated_within_a_finding(case: tuple) -> None:
    _, _, line, others, options = case
    options = {k: v for k, v in options.items() if k != "tables"}
    for f in validate_line(line, others, date_of_service=options.pop("date_of_service", "2024-06-03"),
                           **options).findings:
        parts = [p.strip() for p in f.citation.split(";")]
        assert len(parts) == len(set(parts)), f.citation


def test_worked_examples_use_payable_codes() -> None:
    unpayable = {c["code"] for c in load_data("codes")["codes"] if c.get("medicare")}
    for r in all_rules():
        if r.example is not None:
            assert not unpayable & {s.code for s in r.example.services}, r.id


def test_a_code_on_two_lines_is_judged_as_one() -> None:
    """97110 with CQ (20 min) and without (13 min): 33 minutes support 2 units in all, not 2 per line."""
    result = validate_claim([L("97110", 2, ["GP", "CQ"], 20), L("97110", 2, ["GP"], 13)], provider="pta",
                            date_of_service="2024-06-03")
    suggested = [r.suggested_line.units if r.suggested_line else r.line.units for r in result.lines]
    assert sum(suggested) == 2 and sum(r.expected_units or 0 for r in result.lines) == 2
    right = validate_claim([L("97110", 1, ["GP", "CQ"], 20), L("97110", 1, ["GP"], 13)], provider="pta",
                           date_of_service="2024-06-03")
    assert not [f for r in right.lines for f in r.findings if f.rule_id == "line.units-vs-minutes"]


def test_pt_and_ot_lines_are_pooled_apart(tables: NcciTables) -> None:
    result = validate_claim([L("97110", 1, ["GP"], 8), L("97530", 1, ["GO"], 8)], date_of_service="2024-06-03",
                            ncci=tables)
    assert result.valid and [r.expected_units for r in result.lines] == [1, 1]
    together = compute_units([Service("97110", 8), Service("97530", 8)])
    apart = compute_units([Service("97110", 8, discipline="pt"), Service("97530", 8, discipline="ot")])
    assert (together.total_timed_units, apart.total_timed_units) == (1, 2)
    assert apart.steps[0].startswith("Pooling: each discipline on its own (OT, PT)")
    assert [ln.discipline for ln in apart.lines] == ["pt", "ot"]


def test_a_timed_code_with_no_unit_can_be_entered_with_units_0(tables: NcciTables) -> None:
    """7 minutes of 97110 beside 30 of 97140: 37 minutes, 2 units, both to 97140; the 97110 line at 0 units."""
    result = validate_claim([L("97110", 0, ["GP"], 7), L("97140", 2, ["GP"], 30)], date_of_service="2024-06-03",
                            ncci=tables)
    assert result.valid and [r.expected_units for r in result.lines] == [0, 2]


def test_the_first_15_minutes_go_to_the_base_code_and_the_rest_to_the_add_on() -> None:
    """40 minutes of 97129: 15 to 97129 (1 unit, once a day), 25 to 97130 (40 pooled minutes = 3 units: 2 left);
    said in a note. Each discipline's plan of care has its own base unit."""
    result = compute_units([Service("97129", 40)])
    assert [(ln.code, ln.minutes, ln.units) for ln in result.lines] == [("97129", 15, 1), ("97130", 25, 2)]
    assert any("97129" in note and "97130" in note and "once per day" in note for note in result.notes)
    apart = compute_units([Service("97129", 20, discipline="slp"), Service("97129", 20, discipline="ot")])
    assert [(ln.code, ln.discipline, ln.units) for ln in apart.lines if ln.code == "97129"] == [
        ("97129", "slp", 1), ("97129", "ot", 1)]


def test_a_base_code_billed_once_per_day_is_checked_on_the_claim() -> None:
    result = validate_line(L("97129", 3, ["GP"], 40), date_of_service="2024-06-03")
    assert result.expected_units == 1 and not result.valid
    assert {"line.add-on-code", "line.units-vs-minutes"} <= {f.rule_id for f in result.findings}


def test_a_massage_therapists_line_gets_one_coherent_answer() -> None:
    result = validate_line(L("97124", 1, [], 20), provider="massage_therapist", date_of_service="2024-06-03")
    ids = {f.rule_id for f in result.findings}
    assert "provider.massage-therapist" in ids and "mod.therapy-required" not in ids
    assert result.suggested_line is None or "GP" not in result.suggested_line.modifiers
    (provider,) = [f for f in result.findings if f.rule_id == "provider.massage-therapist"]
    assert "§230.5" in provider.citation


def test_the_pooling_choice_is_data_with_its_status() -> None:
    pooling = load_data("payer_profiles")["cms_pooling"]
    assert pooling["per_discipline"] is True and pooling["status"] == "secondary"
    assert json.dumps(pooling).count("UNVERIFIED") == 1


@given(st.lists(st.tuples(st.sampled_from(["97110", "97140", "97530", "97112"]), st.integers(0, 60),
                          st.sampled_from(["pt", "ot", "slp"])), min_size=1, max_size=8))
def test_each_discipline_is_its_own_pool(day: list[tuple[str, int, str]]) -> None:
    """The CMS total is the unit table of each discipline's pooled minutes, added up; every allocation listed
    gives each pool exactly its units."""
    result = compute_units([Service(code, minutes, discipline=d) for code, minutes, d in day])
    pools = {d: sum(m for _, m, dd in day if dd == d) for _, _, d in day}
    assert result.total_timed_units == sum(units_for_minutes(m) for m in pools.values())
    for lines in [result.lines, *result.alternatives]:
        for d, minutes in pools.items():
            assert sum(ln.units for ln in lines if ln.discipline == d) == units_for_minutes(minutes)
