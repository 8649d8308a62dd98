"""Every rule id of the validators: inputs where it fires (with its severity) and where it must stay silent.

The core (``rules.claims``) is called directly; the NCCI tables come from the synthetic CMS-format files of
``cms_files`` imported into a temporary store (or no store: the PTP/MUE checks then say they were not run).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpt97124_mcp.rules.catalog import applies
from cpt97124_mcp.rules.claims import LineInput, validate_claim, validate_line
from cpt97124_mcp.rules.claims.normalize import normalize_line
from cpt97124_mcp.rules.claims.registry import DAY_CHECKS, LINE_CHECKS
from cpt97124_mcp.rules.data_files import data_version
from cpt97124_mcp.rules.errors import RuleInputError
from cpt97124_mcp.rules.ncci import NcciTables
from cpt97124_mcp.rules.types import Payer, Provider

L = LineInput
MT = L("97124", 1, ["GP"], 15)  # a clean Medicare massage line
EVAL = L("97161", 1, ["GP"])  # a PT evaluation (untimed)


def payer_rules(payer: str) -> set[str]:
    """The rule ids the checks can emit that apply to the payer (the catalog's ``applies_to``)."""
    return {r for check in (*LINE_CHECKS, *DAY_CHECKS) for r in check.rule_ids  # type: ignore[attr-defined]
            if applies(r, payer)}


def fired(line: LineInput, others: tuple[LineInput, ...] = (), tables: NcciTables | None = None,
          **options: Any) -> dict[str, set[str]]:
    options.setdefault("date_of_service", "2024-06-03")
    result = validate_line(line, others, ncci=tables, **options)
    assert result.valid == (all(f.severity != "error" for f in result.findings) and not result.not_checked)
    found: dict[str, set[str]] = {}
    for finding in result.findings:
        assert finding.message and finding.fix and finding.citation
        found.setdefault(finding.rule_id, set()).add(finding.severity)
    for missing in result.not_checked:  # a check that could not run: its "severity" here is not_checked
        assert missing.reason and missing.how_to_run
        found.setdefault(missing.rule_id, set()).add("not_checked")
    return found


CMT = L("98940", 1, ["AT"], None, ["lumbar"])
FIRES = [  # (rule id, severity, line, other lines, options); the tables are loaded unless options say tables=False
    ("line.code-known", "not_checked", L("99999", 1), (), {}),
    ("line.units-vs-minutes", "error", L("97124", 3, ["GP"], 20), (), {}),
    ("line.units-vs-minutes", "warning", L("97124", 1, ["GP"], 38), (), {}),
    ("line.units-vs-minutes", "info", L("97124", 1, ["GP"]), (), {}),
    ("line.units-vs-minutes", "error", L("97124", 2, ["GP"], 20), (), {"payer": "commercial"}),
    ("units.untimed-service", "error", L("97010", 2, ["GP"]), (), {}),
    ("session.total-timed-units", "error", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"], 10),), {}),
    ("session.total-timed-units", "error", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"], 10),),
     {"payer": "commercial", "method": "cms"}),
    ("session.total-timed-units", "info", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"]),), {}),
    ("line.one-on-one", "warning", MT, (L("97150", 1, ["GP"]),), {}),
    ("line.myofascial-release", "info", MT, (L("97140", 1, ["GP"], 15),), {}),
    ("mod.unknown", "error", L("97124", 1, ["GP", "GPX"], 15), (), {}),
    ("mod.unknown", "warning", L("97124", 1, ["GP", "ZZ"], 15), (), {}),
    ("mod.therapy-required", "error", L("97124", 1, [], 15), (), {}),
    ("mod.therapy-single", "error", L("97124", 1, ["GP", "GO"], 15), (), {}),
    ("mod.therapy-matches-plan", "error", L("97124", 1, ["GO"], 15), (), {"plan_of_care": "pt"}),
    ("mod.therapy-matches-plan", "error", L("97161", 1, ["GO"]), (), {}),
    ("mod.cq-with-gp", "error", L("97124", 1, ["CQ"], 15), (), {"provider": "pta"}),
    ("mod.co-with-go", "error", L("97124", 1, ["GP", "CO"], 15), (), {"provider": "ota"}),
    ("mod.assistant-required", "error", MT, (), {"provider": "pta"}),
    ("mod.assistant-required", "error", L("97124", 1, ["GO"], 15), (), {"provider": "ota"}),
    ("mod.assistant-not-for-physician", "error", L("97124", 1, ["GP", "CQ"], 15), (), {"provider": "physician"}),
    ("mod.kx-threshold", "error", MT, (), {"ytd_therapy_amount": 2350}),
    ("mod.kx-threshold", "info", MT, (), {"ytd_therapy_amount": 2350, "date_of_service": "2025-06-03"}),
    ("mod.kx-threshold", "warning", L("97124", 1, ["GP", "KX"], 15), (), {"ytd_therapy_amount": 100}),
    ("mod.kx-threshold", "info", L("97124", 1, ["GP", "KX"], 15), (), {}),
    ("mod.kx-threshold", "not_checked", MT, (), {"ytd_therapy_amount": 5000, "date_of_service": "2005-06-01"}),  # none
    ("mod.kx-threshold", "error", MT, (), {"ytd_therapy_amount": 2000, "date_of_service": "2017-06-01"}),  # the cap
    ("mod.ncci-bypass", "warning", L("97124", 1, ["GP", "59"], 15), (), {}),
    ("mod.ncci-bypass", "warning", L("97124", 1, ["GP", "59", "XU"], 15), (L("97110", 1, ["GP"], 15),),
     {"date_of_service": "2020-06-01"}),
    ("mod.ncci-bypass", "info", L("97124", 1, ["GP", "59"], 15), (L("97110", 1, ["GP"], 15),),
     {"date_of_service": "2020-06-01"}),
    ("mod.ncci-bypass", "not_checked", L("97124", 1, ["GP", "XU"], 15), (L("97110", 1, ["GP"], 15),),
     {"tables": False}),
    ("mod.abn", "error", L("97124", 1, ["GP", "GA", "GZ"], 15), (), {}),
    ("provider.massage-therapist", "error", MT, (), {"provider": "massage_therapist"}),
    ("provider.aide", "error", MT, (), {"provider": "aide"}),
    ("provider.athletic-trainer", "error", MT, (), {"provider": "athletic_trainer"}),
    ("provider.chiropractor", "error", MT, (), {"provider": "chiropractor"}),
    ("provider.chiropractor", "info", L("97124", 1, ["GP", "GY"], 15), (), {"provider": "chiropractor"}),
    ("ncci.cmt-region", "error", L("97124", 1, ["GP"], 15, ["lumbar"]), (CMT,), {}),
    ("ncci.cmt-region", "error", L("97124", 1, ["GP", "XS"], 15, ["Lumbar"]), (CMT,), {}),
    ("ncci.cmt-region", "error", L("97124", 1, ["GP"], 15, ["lower_extremity"]), (CMT,), {}),
    ("ncci.cmt-region", "warning", MT, (CMT,), {}),
    ("ncci.cmt-region", "warning", L("97124", 1, ["GP"], 15, ["cervical"]), (L("98941", 1, ["AT"]),), {}),
    ("ncci.cmt-region", "error", L("97124", 1, ["GP"], 15, ["left knee"]), (CMT,), {}),  # knee: lower_extremity
    ("ncci.ptp", "error", MT, (L("97530", 1, ["GP"], 15),), {}),
    ("ncci.ptp", "error", MT, (L("97110", 1, ["GP"], 15),), {"date_of_service": "2020-06-01"}),
    ("ncci.ptp", "not_checked", MT, (L("97110", 1, ["GP"], 15),), {"tables": False}),
    ("line.mue", "error", L("97124", 5, ["GP"], 75), (), {}),
    ("line.mue", "not_checked", MT, (), {"tables": False}),
    ("pay.cq-co-reduction", "info", L("97124", 1, ["GP", "CQ"], 15), (), {"provider": "pta"}),
    ("pay.mppr", "info", L("97124", 2, ["GP"], 30), (), {}),
    ("mod.assistant-required", "error", L("97110", 2, ["GP"], 30, provider="pt", assistant_minutes=10), (), {}),
    ("provider.assistant-evaluation", "error", EVAL, (), {"provider": "pta"}),
    ("provider.assistant-evaluation", "error", L("97165", 1, ["GO"], provider="ota"), (), {"provider": "pt"}),
    ("provider.assistant-evaluation", "error", L("97161", 1, ["GP", "CQ"]), (), {"provider": "pt"}),
    ("mod.assistant-not-furnished", "warning", L("97110", 1, ["GP", "CQ"], 15, assistant_minutes=0), (),
     {"provider": "pt"}),
    ("mod.assistant-not-furnished", "warning", L("97110", 1, ["GP", "CQ"], 15), (), {"provider": "pt"}),
    ("mod.assistant-dates", "error", L("97110", 1, ["GP", "CQ"], 15), (),
     {"provider": "pta", "date_of_service": "2018-06-04"}),
    ("mod.assistant-dates", "warning", L("97110", 1, ["GP", "CQ"], 15), (),
     {"provider": "pta", "date_of_service": "2019-06-03"}),
    ("line.telehealth-window", "error", L("97110", 1, ["GP", "95"], 15), (), {"date_of_service": "2019-11-04"}),
    ("line.telehealth-window", "error", L("97110", 1, ["GP"], 15, place_of_service="10"), (),
     {"date_of_service": "2028-02-01"}),
    ("line.telehealth-list", "error", L("97124", 1, ["GP", "95"], 15), (), {"date_of_service": "2025-06-02"}),
    ("line.telehealth-list", "error", MT, (), {"date_of_service": "2025-06-02", "place_of_service": "02"}),
    ("session.date-of-service", "warning", MT, (), {"date_of_service": "2999-01-04"}),
    ("session.date-of-service", "warning", MT, (), {"date_of_service": "1900-01-01"}),
    ("session.date-of-service", "warning", MT, (), {"date_of_service": "1990-06-01"}),  # coinsurance is older
    # issue 12: code status, add-on codes, AT, GX, per-discipline pooling, a code on several lines
    ("line.code-replaced", "error", L("97014", 1, ["GP"]), (), {}),
    ("line.code-bundled", "warning", L("97010", 1, ["GP"]), (), {}),
    ("line.add-on-code", "error", L("97129", 2, ["GP"], 40), (), {}),
    ("line.add-on-code", "error", L("97130", 1, ["GP"], 15), (), {}),
    ("mod.at-active-treatment", "error", L("98940", 1, [], None, ["lumbar"]), (), {"provider": "chiropractor"}),
    ("mod.at-active-treatment", "error", L("98941", 1, ["AT", "GA"]), (), {"provider": "chiropractor"}),
    ("mod.abn", "error", L("97124", 1, ["GP", "GX", "GZ"], 15), (), {"provider": "chiropractor"}),
    ("session.total-timed-units", "error", L("97110", 1, ["GP"], 8), (L("97140", 1, ["GP"], 8),), {}),
    ("line.units-vs-minutes", "error", L("97110", 2, ["GP", "CQ"], 20), (L("97110", 2, ["GP"], 13),),
     {"provider": "pta"}),
]

SILENT = [  # (rule id, line, other lines, options): the rule must not fire
    ("line.code-known", MT, (), {}),
    ("line.units-vs-minutes", L("97124", 2, ["GP"], 23), (), {}),
    ("line.units-vs-minutes", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"], 10),), {}),  # a tie: either code
    ("line.units-vs-minutes", L("97124", 1, ["GP"], 7), (L("97110", 2, ["GP"], 33),), {}),  # CMS Example 3
    ("line.units-vs-minutes", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"], 10),), {"payer": "commercial"}),
    ("units.untimed-service", L("97010", 1, ["GP"]), (), {}),
    ("session.total-timed-units", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"], 10),), {"payer": "commercial"}),
    ("session.total-timed-units", L("97124", 1, ["GP"], 10), (L("97110", 1, ["GP"], 15),), {}),
    ("session.total-timed-units", L("97124", 1, ["GP"], 10), (L("97010", 1, ["GP"]),), {}),
    ("line.one-on-one", MT, (L("97110", 1, ["GP"], 15),), {}),
    ("line.myofascial-release", L("97124", 1, ["GP"], 15, ["lumbar"]),
     (L("97140", 1, ["GP"], 15, ["upper_extremity"]),), {}),
    ("line.myofascial-release", L("97110", 1, ["GP"], 15), (L("97140", 1, ["GP"], 15),), {}),
    ("mod.unknown", L("97124", 1, [" gp", "kx "], 15), (), {"ytd_therapy_amount": 2400}),
    ("mod.therapy-required", MT, (), {}),
    ("mod.therapy-required", L("97124", 1, [], 15), (), {"payer": "commercial"}),
    ("mod.therapy-required", L("98940", 1, ["AT"]), (), {}),
    ("mod.therapy-single", MT, (), {}),
    ("mod.therapy-matches-plan", MT, (), {"plan_of_care": "pt"}),
    ("mod.therapy-matches-plan", L("97165", 1, ["GO"]), (), {"plan_of_care": "ot"}),
    ("mod.cq-with-gp", L("97124", 1, ["GP", "CQ"], 15), (), {"provider": "pta"}),
    ("mod.co-with-go", L("97124", 1, ["GO", "CO"], 15), (), {"provider": "ota"}),
    ("mod.assistant-required", L("97124", 1, ["GP", "CQ"], 15), (), {"provider": "pta"}),
    ("mod.assistant-required", MT, (), {"provider": "pta", "date_of_service": "2019-06-03"}),
    ("mod.assistant-required", MT, (), {"provider": "pt"}),
    ("mod.assistant-not-for-physician", L("97124", 1, ["GP", "CQ"], 15), (), {"provider": "pta"}),
    ("mod.assistant-not-for-physician", MT, (), {"provider": "npp"}),
    ("mod.kx-threshold", MT, (), {}),
    ("mod.kx-threshold", L("97124", 1, ["GP", "KX"], 15), (), {"ytd_therapy_amount": 2350}),
    ("mod.kx-threshold", L("97124", 1, ["GP", "KX"], 15), (), {"ytd_therapy_amount": 2000}),
    ("mod.kx-threshold", MT, (), {"ytd_therapy_amount": 2350, "payer": "medicaid"}),
    ("mod.kx-threshold", L("97124", 1, ["GP", "KX"], 15), (),
     {"ytd_therapy_amount": 1900, "date_of_service": "2012-06-01"}),  # above the 2012 cap, KX: the exception
    ("mod.ncci-bypass", MT, (L("97110", 1, ["GP"], 15),), {}),
    ("mod.ncci-bypass", L("97124", 1, ["GP", "XU"], 15), (L("97110", 1, ["GP"], 15),),
     {"date_of_service": "2020-06-01"}),
    ("mod.abn", L("97124", 1, ["GP", "GY"], 15), (), {"provider": "chiropractor"}),
    ("provider.massage-therapist", MT, (), {"provider": "pt"}),
    ("provider.massage-therapist", MT, (), {"provider": "massage_therapist", "payer": "commercial"}),
    ("provider.aide", MT, (), {"provider": "pta"}),
    ("provider.athletic-trainer", MT, (), {}),
    ("provider.chiropractor", CMT, (), {"provider": "chiropractor"}),
    ("provider.chiropractor", MT, (), {"provider": "pt"}),
    ("ncci.cmt-region", MT, (L("97110", 1, ["GP"], 15),), {}),
    ("ncci.cmt-region", L("97124", 1, ["GP", "XS"], 15, ["upper_extremity"]), (CMT,), {}),
    ("ncci.cmt-region", L("97124", 1, ["GP", "59"], 15, ["cervical"]), (CMT,), {}),
    ("ncci.ptp", MT, (), {"tables": False}),
    ("ncci.ptp", MT, (L("97110", 1, ["GP"], 15),), {"date_of_service": "2021-01-01"}),  # the edit was deleted
    ("ncci.ptp", L("97124", 1, ["GP", "XU"], 15), (L("97110", 1, ["GP"], 15),), {"date_of_service": "2020-06-01"}),
    ("ncci.ptp", L("97124", 1, ["GP", "XS"], 15, ["thoracic"]), (CMT,), {}),  # judged by ncci.cmt-region
    ("ncci.ptp", L("97530", 1, ["GP"], 15), (MT,), {}),  # column 1 is paid
    ("line.mue", L("97124", 4, ["GP"], 60), (), {}),
    ("line.mue", L("97124", 5, ["GP"], 75), (), {"payer": "commercial"}),
    ("pay.cq-co-reduction", L("97124", 1, ["GP", "CQ"], 15), (), {"provider": "pta", "date_of_service": "2021-06-01"}),
    ("pay.cq-co-reduction", MT, (), {}),
    ("pay.mppr", MT, (), {}),
    ("mod.assistant-required", L("97110", 2, ["GP"], 30, provider="pt", assistant_minutes=3), (), {}),  # de minimis
    ("mod.assistant-required", EVAL, (), {"provider": "pta"}),  # never "add CQ" to an evaluation
    ("provider.assistant-evaluation", EVAL, (), {"provider": "pt"}),
    ("provider.assistant-evaluation", MT, (), {"provider": "pta"}),
    ("provider.assistant-evaluation", EVAL, (), {"provider": "pta", "payer": "commercial"}),
    ("mod.assistant-not-furnished", L("97110", 1, ["GP", "CQ"], 15), (), {"provider": "pta"}),
    ("mod.assistant-not-furnished", L("97110", 1, ["GP", "CQ"], 15, assistant_minutes=5), (), {"provider": "pt"}),
    ("mod.assistant-dates", L("97110", 1, ["GP", "CQ"], 15), (), {"provider": "pta", "date_of_service": "2020-01-02"}),
    ("line.telehealth-window", L("97110", 1, ["GP", "95"], 15), (), {"date_of_service": "2025-06-02"}),
    ("line.telehealth-window", L("97110", 1, ["GP"], 15, place_of_service="11"), (), {"date_of_service": "2019-06-03"}),
    ("line.telehealth-list", L("97110", 1, ["GP", "95"], 15), (), {"date_of_service": "2025-06-02"}),
    ("line.telehealth-list", L("97124", 1, ["GP", "95"], 15), (), {"date_of_service": "2025-06-02",
                                                                    "payer": "commercial"}),
    ("session.date-of-service", MT, (), {}),
    ("pay.cq-co-reduction", L("97161", 1, ["GP", "CQ"]), (), {"provider": "pta"}),  # an assistant's evaluation
    # issue 12
    ("line.code-replaced", L("G0283", 1, ["GP"]), (), {}),
    ("line.code-replaced", L("97014", 1, ["GP"]), (), {"payer": "commercial"}),
    ("line.code-bundled", L("97012", 1, ["GP"]), (), {}),
    ("line.add-on-code", L("97129", 1, ["GP"], 15), (L("97130", 2, ["GP"], 25),), {}),
    ("line.add-on-code", L("97130", 2, ["GP"], 25), (L("97129", 1, ["GP"], 15),), {}),
    ("mod.at-active-treatment", CMT, (), {"provider": "chiropractor"}),
    ("mod.at-active-treatment", L("98940", 1, ["GA"]), (), {"provider": "chiropractor"}),  # maintenance, ABN
    ("mod.at-active-treatment", L("98940", 1, []), (), {"provider": "chiropractor", "date_of_service": "2004-06-01"}),
    ("mod.abn", L("97124", 1, ["GP", "GX", "GY"], 15), (), {"provider": "chiropractor"}),
    ("session.total-timed-units", L("97110", 1, ["GP"], 8), (L("97530", 1, ["GO"], 8),), {}),  # PT and OT pools
    ("line.units-vs-minutes", L("97110", 1, ["GP"], 8), (L("97530", 1, ["GO"], 8),), {}),
    ("line.units-vs-minutes", L("97110", 1, ["GP", "CQ"], 20), (L("97110", 1, ["GP"], 13),), {"provider": "pta"}),
    ("line.units-vs-minutes", L("97110", 0, ["GP"], 7), (L("97140", 2, ["GP"], 30),), {}),  # units 0: minutes count
    ("session.total-timed-units", L("97110", 0, ["GP"], 7), (L("97140", 2, ["GP"], 30),), {}),
]


@pytest.mark.parametrize(("rule_id", "severity", "line", "others", "options"), FIRES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(FIRES)])
def test_rule_fires(tables: NcciTables, rule_id: str, severity: str, line: LineInput,
                    others: tuple[LineInput, ...], options: dict[str, Any]) -> None:
    use = None if options.pop("tables", True) is False else tables
    assert severity in fired(line, others, use, **options).get(rule_id, set())


@pytest.mark.parametrize(("rule_id", "line", "others", "options"), SILENT,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(SILENT)])
def test_rule_stays_silent(tables: NcciTables, rule_id: str, line: LineInput, others: tuple[LineInput, ...],
                           options: dict[str, Any]) -> None:
    use = None if options.pop("tables", True) is False else tables
    assert rule_id not in fired(line, others, use, **options)


def test_the_tables_cover_every_rule_of_the_medicare_profile() -> None:
    assert payer_rules("medicare") == {case[0] for case in FIRES} == {case[0] for case in SILENT}


@pytest.mark.parametrize(("day", "needs_kx"), [("2024-12-31", True), ("2025-01-01", False)])
def test_same_ytd_amount_needs_kx_in_2024_but_not_in_2025(tables: NcciTables, day: str, needs_kx: bool) -> None:
    """$2,350 accrued: above the 2024 threshold ($2,330), below 2025's ($2,410, secondary sources). The tables are
    imported: without them no answer is clean (valid)."""
    result = validate_line(MT, date_of_service=day, ytd_therapy_amount=2350, ncci=tables)
    (kx,) = [f for f in result.findings if f.rule_id == "mod.kx-threshold"]
    assert (kx.severity == "error") == needs_kx and result.valid != needs_kx
    assert ("KX" in result.suggested_line.modifiers) if needs_kx else result.suggested_line is None  # type: ignore[union-attr]
    assert ("secondary sources" in kx.message) == (not needs_kx)


def test_suggested_line_applies_mechanical_fixes_and_normalises_modifiers(tables: NcciTables) -> None:
    result = validate_line(L("97124", 3, [" gp", "GP", "kx"], 20), provider="pta", date_of_service="2024-03-01",
                           ytd_therapy_amount=100)
    assert result.expected_units == 1
    assert result.suggested_line is not None
    assert (result.suggested_line.units, result.suggested_line.modifiers) == (1, ("GP", "CQ"))
    clean = validate_line(MT, date_of_service="2024-03-01", ncci=tables)
    assert clean.valid and clean.suggested_line is None and clean.expected_units == 1


BAD_LINES = [  # (line, other lines, the field the error names): the library's own checks, behind the tools' schema
    (L("97124", True), (), "line.units"),  # a bool is not a number of units
    (L("97124", -1), (), "line.units"),  # units 0 is allowed (issue 12): a timed code that earned no unit
    (L("97124", 1, [], -1), (), "line.minutes"),
    (MT, (L("97110", 1, [], True),), "other_lines[0].minutes"),
    (MT, (L("97110", 1, [], "15"),), "other_lines[0].minutes"),  # type: ignore[arg-type]
    (L("97124", 1, ["GP", 5]), (), "line.modifiers[1]"),  # type: ignore[list-item]
    (L("97124", 1, ["GP", "KX", "59", "XS", "CQ"]), (), "line.modifiers"),
    (L(5, 1), (), "line.code"),  # type: ignore[arg-type]
    (L("9712", 1), (), "line.code"),
]


@pytest.mark.parametrize(("line", "others", "field"), BAD_LINES)
def test_bad_lines_are_errors_naming_the_field(line: LineInput, others: tuple[LineInput, ...], field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        validate_line(line, others)
    assert caught.value.field == field and caught.value.allowed


@pytest.mark.parametrize(("modifiers", "normal"), [
    ([" gp", "GP", "", "kx "], ("GP", "KX")),
    (["kx", " gp"], ("KX", "GP")),  # order kept, whatever was normalised before
    ([], ()),
])
def test_modifiers_are_normalised(modifiers: list[str], normal: tuple[str, ...]) -> None:
    assert normalize_line(L("97124", 1, modifiers), "line").modifiers == normal


def test_a_check_that_could_not_run_names_each_line_s_code() -> None:
    for code in ("97110", "97124", "97110"):
        result = validate_line(L(code, 1, ["GP"], 15), (MT,))
        reasons = {n.rule_id: n.reason for n in result.not_checked}
        assert f"not run for {code}: no CMS MUE table" in reasons["line.mue"]
        assert f"not run for {code}: no CMS PTP table" in reasons["ncci.ptp"]
        assert (result.status, result.valid) == ("incomplete", False)  # never valid when a check did not run


def test_payers_differ_in_method_and_rules() -> None:
    line, others = L("97124", 1, [], 10), (L("97110", 1, [], 10),)
    medicare = validate_line(line, others, date_of_service="2024-03-01")
    commercial = validate_line(line, others, payer="commercial", date_of_service="2024-03-01")
    assert (medicare.method, commercial.method, medicare.valid, commercial.valid) == ("cms", "ama", False, True)
    assert validate_line(line, others, payer="commercial", method="cms", date_of_service="2024-03-01").method == "cms"
    assert validate_line(line, others, payer="medicaid", date_of_service="2024-03-01").method == "cms"


def test_validate_claim_reports_per_line_and_the_day_once(tables: NcciTables) -> None:
    result = validate_claim([L("97124", 1, ["GP"], 10), L("97110", 1, ["GP"], 10), L("97010", 1, [])],
                            date_of_service="2024-03-01", ncci=tables)
    assert not result.valid and [r.line.code for r in result.lines] == ["97124", "97110", "97010"]
    assert [f.rule_id for f in result.claim_findings] == ["session.total-timed-units"]
    assert result.lines[0].valid and not result.lines[2].valid  # 97010 lacks its therapy modifier
    assert all("session.total-timed-units" not in {f.rule_id for f in r.findings} for r in result.lines)
    assert result.data_version.startswith(data_version()) and "ncci-ptp@" in result.data_version


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["97124", "97110", "97140", "97010", "98940", "97150"]),
                          st.integers(1, 6), st.lists(st.sampled_from(["GP", "GO", "CQ", "KX", "59", "XS", "GY"]),
                                                      max_size=4), st.none() | st.integers(0, 90)),
                min_size=1, max_size=4),
       st.sampled_from([p.value for p in Payer]), st.none() | st.sampled_from(list(Provider)),
       st.none() | st.floats(0, 5000))
def test_valid_is_false_exactly_when_an_error_is_found(lines: list[Any], payer: str, provider: str | None,
                                                       ytd: float | None) -> None:
    result = validate_claim([L(c, u, m, mi) for c, u, m, mi in lines], payer=payer, provider=provider,
                            ytd_therapy_amount=ytd, date_of_service="2025-02-03")
    errors = [f for r in result.lines for f in r.findings if f.severity == "error"]
    errors += [f for f in result.claim_findings if f.severity == "error"]
    missing = [n for r in result.lines for n in r.not_checked] + list(result.not_checked)
    assert result.status == ("errors" if errors else "incomplete" if missing else "clean")
    assert result.valid == (result.status == "clean")
    assert all(r.valid == (r.status == "clean") for r in result.lines)
    assert {f.rule_id for r in result.lines for f in r.findings} <= payer_rules(payer)
