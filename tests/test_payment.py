"""estimate_payment (issue 15): the must-show visit, every dated value on its date and not before, honest gaps."""

from __future__ import annotations

from datetime import date

import pytest

from cpt97124_mcp.rules.errors import RuleInputError
from cpt97124_mcp.rules.parameters import parameter
from cpt97124_mcp.rules.payment import PaymentLine, estimate_payment

VISIT = (PaymentLine("97530", 1, ("GP",)), PaymentLine("97110", 2, ("GP",)), PaymentLine("97140", 1, ("GP",)))
JUNE_2025 = date(2025, 6, 2)

# (parameter, first date, value from that date, value the day before): each fires on its date and not before
DATED = [
    ("pfs_conversion_factor", date(2024, 1, 1), 32.7442, None),
    ("pfs_conversion_factor", date(2024, 3, 9), 33.2875, 32.7442),
    ("pfs_conversion_factor", date(2025, 1, 1), 32.3465, 33.2875),
    ("pfs_conversion_factor", date(2026, 1, 1), 33.4009, 32.3465),
    ("pfs_conversion_factor_qualifying_apm", date(2026, 1, 1), 33.5675, None),
    ("sequestration_rate", date(2013, 4, 1), 0.02, None),
    ("sequestration_rate", date(2020, 5, 1), 0.0, 0.02),
    ("sequestration_rate", date(2022, 4, 1), 0.01, 0.0),
    ("sequestration_rate", date(2022, 7, 1), 0.02, 0.01),
    ("mppr_practice_expense_rate", date(2013, 4, 1), 0.5, None),
    ("assistant_payment_rate", date(2022, 1, 1), 0.85, None),
    ("part_b_coinsurance_rate", date(1966, 7, 1), 0.2, None),
]


@pytest.mark.parametrize(("name", "start", "value", "before"), DATED)
def test_dated_value_fires_on_its_date_and_not_before(name: str, start: date, value: float,
                                                      before: float | None) -> None:
    found = parameter(name, start)
    assert found is not None and found.value == value and found.effective_from == start
    earlier = parameter(name, date.fromordinal(start.toordinal() - 1))
    assert (earlier.value if earlier else None) == before


def test_must_show_2025_national_visit() -> None:
    result = estimate_payment(VISIT, JUNE_2025)
    assert (result.allowed_total, result.allowed_without_mppr) == (98.97, 119.36)
    assert result.status == "clean" and not result.not_checked
    assert result.locality == "national" and (result.gpci_work, result.gpci_pe, result.gpci_mp) == (1.0, 1.0, 1.0)
    assert result.coinsurance == 19.79 and result.toward_kx_threshold == 98.97
    assert result.medicare_payment == (79.18, 0.02, 1.58, 77.60)
    assert result.rule_ids == ("pay.fee-schedule", "pay.mppr", "pay.coinsurance", "pay.sequestration")
    first = result.lines[0]
    assert (first.work_rvu, first.pe_rvu, first.mp_rvu) == (0.44, 0.62, 0.01)
    assert [u.mppr_applied for ln in result.lines for u in ln.unit_amounts] == [False, True, True, True]
    assert [ln.allowed for ln in result.lines] == [34.61, 43.66, 20.70]
    assert "RVU25D" in result.data_version and "rounded to the cent" in result.rounding


def test_assistant_lines_paid_at_85_percent_after_mppr() -> None:
    cq = (VISIT[0], PaymentLine("97110", 2, ("GP", "CQ")), VISIT[2])
    result = estimate_payment(cq, JUNE_2025)
    assert [ln.assistant_rate for ln in result.lines] == [None, 0.85, None]
    assert [u.amount for u in result.lines[1].unit_amounts] == [18.56, 18.56]  # 21.8339 x 0.85, per unit
    assert result.allowed_total == 92.43 and "pay.cq-co-reduction" in result.rule_ids
    assert any("85%" in note for note in result.notes)


def test_cq_before_2022_is_not_reduced() -> None:
    assert parameter("assistant_payment_rate", date(2021, 12, 31)) is None


def test_2026_is_incomplete_with_the_conversion_factor_and_how_to_import() -> None:
    result = estimate_payment(VISIT, date(2026, 6, 2))
    assert result.status == "incomplete" and result.allowed_total is None
    assert result.conversion_factor == 33.4009 and result.conversion_factor_qualifying_apm == 33.5675
    assert "import-pfs" in result.not_checked[0].how_to_run


def test_manhattan_uses_its_gpcis() -> None:
    result = estimate_payment(VISIT, JUNE_2025, "13202-01")
    assert (result.locality_name, result.gpci_work, result.gpci_pe, result.gpci_mp) == ("MANHATTAN", 1.065, 1.166,
                                                                                        1.656)
    # 97530 in full: (0.44 x 1.065 + 0.62 x 1.166 + 0.01 x 1.656) x 32.3465 = 39.077...
    assert result.lines[0].allowed == 39.08 and result.allowed_total == 110.27
    assert "GPCI2025" in result.data_version


def test_state_with_one_locality_and_errors() -> None:
    assert estimate_payment(VISIT, JUNE_2025, "AL").locality == "10112-00"
    with pytest.raises(RuleInputError, match="localities"):
        estimate_payment(VISIT, JUNE_2025, "NY")
    with pytest.raises(RuleInputError, match="not a CY 2025"):
        estimate_payment(VISIT, JUNE_2025, "99999-99")


def test_2024_conversion_factor_changes_on_march_9() -> None:
    line = (PaymentLine("97110", 1, ("GP",)),)  # 0.88 total RVUs in 2024
    assert estimate_payment(line, date(2024, 3, 8)).allowed_total == 28.81  # 0.88 x 32.7442 = 28.8149
    assert estimate_payment(line, date(2024, 3, 9)).allowed_total == 29.29  # 0.88 x 33.2875 = 29.2930


def test_2024_locality_gpcis_are_not_borrowed_from_2025() -> None:
    result = estimate_payment(VISIT, date(2024, 6, 3), "13202-01")
    assert result.status == "incomplete" and result.allowed_total is None


def test_sequestration_by_date() -> None:
    line = (PaymentLine("97110", 1, ("GP",)),)
    assert estimate_payment(line, JUNE_2025).medicare_payment.sequestration_rate == 0.02  # type: ignore[union-attr]


def test_one_unit_has_no_mppr() -> None:
    result = estimate_payment((PaymentLine("97124", 1, ("GP",)),), JUNE_2025)
    assert result.allowed_total == result.allowed_without_mppr and "pay.mppr" not in result.rule_ids


def test_codes_not_paid_say_why_and_unpriced_codes_are_incomplete() -> None:
    result = estimate_payment((PaymentLine("97010", 1, ("GP",)), PaymentLine("97014", 1, ()),
                               PaymentLine("99213", 1, ())), JUNE_2025)
    bundled, replaced, unknown = result.lines
    assert "bundled" in (bundled.not_paid or "") and bundled.allowed == 0.0
    assert "G0283" in (replaced.not_paid or "")
    assert unknown.allowed is None and result.status == "incomplete" and "MAC" in result.not_checked[0].how_to_run
    assert result.not_checked[0].rule_id == "pay.fee-schedule" and "99213" in result.not_checked[0].reason


def test_carrier_priced_code_is_incomplete() -> None:
    result = estimate_payment((PaymentLine("0791T", 1, ()),), JUNE_2025)
    assert result.status == "incomplete" and "MAC" in result.not_checked[0].reason
