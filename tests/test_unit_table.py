"""The unit table of CMS Pub. 100-04 Ch. 5 §20.2 C, row by row, and its pattern beyond two hours."""

from __future__ import annotations

import pytest

from cpt97124_mcp.rules import Service, compute_units
from cpt97124_mcp.rules.unit_table import minutes_band, units_for_minutes

# (units, first minute, last minute): the manual's table, verbatim.
MANUAL_TABLE = [(1, 8, 22), (2, 23, 37), (3, 38, 52), (4, 53, 67), (5, 68, 82), (6, 83, 97), (7, 98, 112),
                (8, 113, 127)]


@pytest.mark.parametrize(("units", "first", "last"), MANUAL_TABLE)
def test_every_minute_of_each_manual_row(units: int, first: int, last: int) -> None:
    assert [units_for_minutes(m) for m in range(first, last + 1)] == [units] * (last - first + 1)
    assert minutes_band(units) == (first, last)


@pytest.mark.parametrize("minutes", range(8))
def test_under_eight_minutes_is_no_unit(minutes: int) -> None:
    assert units_for_minutes(minutes) == 0


@pytest.mark.parametrize("units", [9, 10, 20, 50, 95, 96])
def test_pattern_continues_past_two_hours(units: int) -> None:
    """"The pattern remains the same for treatment times in excess of 2 hours": 15-minute bands, +/-7."""
    first, last = 15 * units - 7, 15 * units + 7
    assert units_for_minutes(first - 1) == units - 1
    assert units_for_minutes(first) == units_for_minutes(last) == units
    assert units_for_minutes(last + 1) == units + 1


@pytest.mark.parametrize(("minutes", "units"), [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3),
                                                (53, 4), (67, 4), (68, 5), (82, 5), (83, 6), (97, 6), (98, 7),
                                                (112, 7), (113, 8), (127, 8), (128, 9), (600, 40), (1440, 96)])
def test_97124_alone_at_the_edges(minutes: int, units: int) -> None:
    for method in ("cms", "ama"):
        result = compute_units([Service("97124", minutes)], method)
        assert [(ln.code, ln.units) for ln in result.lines] == [("97124", units)]
        assert result.total_units == result.other_method.total_timed_units == units
