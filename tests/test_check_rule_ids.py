"""Each claim check emits only the rule ids the registry declares for it, and a finding is reported exactly when
the rule catalog says its rule applies to the payer (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpt97124_mcp.rules.catalog import applies, line_not_payable
from cpt97124_mcp.rules.claims import validate
from cpt97124_mcp.rules.claims.model import Claim, ClaimLine, Finding, NotChecked
from cpt97124_mcp.rules.claims.normalize import LineInput, normalize_line
from cpt97124_mcp.rules.claims.registry import DAY_CHECKS, LINE_CHECKS
from cpt97124_mcp.rules.ncci import NcciTables, import_mue, import_ptp, open_tables
from cpt97124_mcp.rules.types import Payer, Provider

from cms_files import MUE_ROWS, PTP_ROWS, mue_text, ptp_text

CODES = ["97124", "97110", "97140", "97112", "97530", "97150", "97010", "98940", "98941", "G0283", "97164", "99999"]
MODIFIERS = ["GP", "GO", "GN", "CQ", "CO", "KX", "59", "XS", "XU", "GA", "GY", "GZ", "25", "Q", "ABC"]
REGIONS = ["cervical", "lumbar", "thoracic", "head", "upper_extremity", "elbow"]

lines = st.builds(LineInput, st.sampled_from(CODES), st.integers(1, 6),
                  st.lists(st.sampled_from(MODIFIERS), max_size=4, unique=True),
                  st.none() | st.integers(0, 80), st.none() | st.lists(st.sampled_from(REGIONS), max_size=2))
claims = st.fixed_dictionaries({
    "lines": st.lists(lines, min_size=1, max_size=4),
    "payer": st.sampled_from([p.value for p in Payer]),
    "method": st.sampled_from([None, "cms", "ama"]),
    "date_of_service": st.dates().map(lambda d: d.replace(year=2012 + d.year % 16)),
    "provider": st.none() | st.sampled_from(list(Provider)),
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


def claim_of(case: dict, tables: NcciTables) -> Claim:
    normalised = tuple(normalize_line(line, "line") for line in case["lines"])
    return validate._claim(normalised, case["payer"], case["method"], case["date_of_service"], case["provider"],
                           case["plan_of_care"], case["ytd_therapy_amount"], tables if case["imported"] else None)


@settings(max_examples=300, deadline=None)
@given(claims)
def test_every_check_emits_only_its_declared_rule_ids(tables: NcciTables, case: dict) -> None:
    claim = claim_of(case, tables)
    for index in range(len(claim.lines)):
        for check in LINE_CHECKS:
            assert {f.rule_id for f in check.run(claim, index)} <= check.rule_ids, check.run.__name__
    for day_check in DAY_CHECKS:
        assert {f.rule_id for f in day_check.run(claim)} <= day_check.rule_ids, day_check.run.__name__


@settings(max_examples=200, deadline=None)
@given(claims)
def test_a_finding_is_reported_exactly_when_its_rule_applies_to_the_payer(tables: NcciTables, case: dict) -> None:
    claim = claim_of(case, tables)
    for index, raw in enumerate(case["lines"]):
        every_check = [f for check in LINE_CHECKS for f in check.run(claim, index) if applies(f.rule_id, claim.payer)]
        applying = [f for f in every_check if isinstance(f, Finding)]
        blocked = line_not_payable()  # a line no coding can make payable: its payable-line fixes are left out
        if any(f.severity == "error" and f.rule_id in blocked.rules for f in applying):
            applying = [f for f in applying if f.rule_id not in blocked.payable_line_only]
        report = validate._report(claim, index, raw)
        assert [f.fields()[:5] for f in report.findings] == [f.fields()[:5] for f in applying]  # repairs aside
        assert report.not_checked == tuple(f for f in every_check if isinstance(f, NotChecked))


def test_a_claim_line_looks_its_catalog_entry_up_once() -> None:
    line = ClaimLine("97124", 2, ("GP", "KX"), 30)
    assert line.entry is not None and line.entry.code == "97124" and ClaimLine("99999", 1).entry is None
    assert line.has("KX", "59") and not line.has("59") and line == ClaimLine("97124", 2, ("GP", "KX"), 30)


def test_applies_reads_the_catalog_for_a_payer_name_and_refuses_an_unknown_payer() -> None:
    assert applies("ncci.ptp", "medicare") and applies("ncci.ptp", Payer.MEDICARE)
    assert not applies("ncci.ptp", "commercial")
    with pytest.raises(ValueError):
        applies("ncci.ptp", "blue cross")  # no cache entry per stray name: a payer is one of the profiles
