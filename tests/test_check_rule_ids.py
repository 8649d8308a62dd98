"""Each claim check emits only the rule ids it declares (``model.emits``), so a payer profile may skip a check
none of whose ids it applies (``validate._checks_for``) without changing any answer (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpt97124_mcp.rules.claims import validate
from cpt97124_mcp.rules.claims.model import PROVIDERS, ClaimLine
from cpt97124_mcp.rules.claims.normalize import LineInput, normalize_line
from cpt97124_mcp.rules.claims.profiles import profile
from cpt97124_mcp.rules.ncci import NcciTables, import_mue, import_ptp, open_tables

from cms_files import MUE_ROWS, PTP_ROWS, mue_text, ptp_text

CODES = ["97124", "97110", "97140", "97112", "97530", "97150", "97010", "98940", "98941", "G0283", "97164", "99999"]
MODIFIERS = ["GP", "GO", "GN", "CQ", "CO", "KX", "59", "XS", "XU", "GA", "GY", "GZ", "25", "Q", "ABC"]
REGIONS = ["cervical", "lumbar", "thoracic", "head", "upper_extremity", "elbow"]

lines = st.builds(LineInput, st.sampled_from(CODES), st.integers(1, 6),
                  st.lists(st.sampled_from(MODIFIERS), max_size=4, unique=True),
                  st.none() | st.integers(0, 80), st.none() | st.lists(st.sampled_from(REGIONS), max_size=2))
claims = st.fixed_dictionaries({
    "lines": st.lists(lines, min_size=1, max_size=4),
    "payer": st.sampled_from(["medicare", "medicaid", "commercial"]),
    "method": st.sampled_from([None, "cms", "ama"]),
    "date_of_service": st.dates().map(lambda d: d.replace(year=2012 + d.year % 16)),
    "provider": st.none() | st.sampled_from(PROVIDERS),
    "plan_of_care": st.sampled_from([None, "pt", "ot", "slp"]),
    "ytd_therapy_amount": st.none() | st.floats(0, 5000),
    "imported": st.booleans(),
})


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> NcciTables:
    folder = tmp_path_factory.mktemp("ncci")
    db = folder / "ncci.sqlite3"
    import_ptp([ptp_text(folder / "ccipra-v321r0-f1.txt", [*PTP_ROWS, ["97140", "97124", "", "20150101", "*", "1",
                                                                       "Misuse of column two code"]])], db)
    import_mue(mue_text(folder / "mue.txt", [*MUE_ROWS, ["97140", "2", "1 Line Edit", "Clinical: Data"]]), db)
    return open_tables(db)


def claim_of(case: dict, tables: NcciTables, empty: Path) -> validate.Claim:
    normalised = tuple(normalize_line(line, "line") for line in case["lines"])
    return validate._claim(normalised, case["payer"], case["method"], case["date_of_service"], case["provider"],
                           case["plan_of_care"], case["ytd_therapy_amount"],
                           tables if case["imported"] else open_tables(empty / "none.sqlite3"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims)
def test_every_check_emits_only_its_declared_rule_ids(tables: NcciTables, tmp_path: Path, case: dict) -> None:
    claim = claim_of(case, tables, tmp_path)
    for index in range(len(claim.lines)):
        for check in validate.LINE_CHECKS:
            assert {f.rule_id for f in check(claim, index)} <= check.rule_ids, check.__name__
    for day_check in validate.DAY_CHECKS:
        assert {f.rule_id for f in day_check(claim)} <= day_check.rule_ids, day_check.__name__


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims)
def test_skipping_checks_a_payer_does_not_apply_changes_no_finding(tables: NcciTables, tmp_path: Path,
                                                                    case: dict) -> None:
    claim = claim_of(case, tables, tmp_path)
    rules = profile(claim.payer).rules
    for index, raw in enumerate(case["lines"]):
        every_check = [f for check in validate.LINE_CHECKS for f in check(claim, index) if f.rule_id in rules]
        assert validate._report(claim, index, raw).findings == every_check


@pytest.mark.parametrize(("payer", "skipped"), [
    ("medicare", set()),
    ("commercial", {"kx_threshold", "ptp_pairs", "mue", "chiropractor", "assistant_payment"}),
])
def test_a_payer_profile_runs_only_the_checks_it_can_use(payer: str, skipped: set[str]) -> None:
    line_checks, day_checks, _ = validate._checks_for(payer)  # type: ignore[arg-type]
    assert skipped.isdisjoint(c.__name__ for c in line_checks)
    assert {c.__name__ for c in validate.LINE_CHECKS} - {c.__name__ for c in line_checks} >= skipped
    assert [c.__name__ for c in day_checks] == ["total_timed_units"]


def test_a_claim_line_looks_its_catalog_entry_up_once() -> None:
    line = ClaimLine("97124", 2, ("GP", "KX"), 30)
    assert line.entry is not None and line.entry.code == "97124" and ClaimLine("99999", 1).entry is None
    assert line.has("KX", "59") and not line.has("59") and line == ClaimLine("97124", 2, ("GP", "KX"), 30)
