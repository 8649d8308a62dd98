"""Every worked example of CMS Pub. 100-04 Ch. 5 §20.2, through the core: all allowed allocations, no more."""

from __future__ import annotations

from typing import Any

import pytest

from cpt97124_mcp.rules import compute_units

from conftest import CMS_EXAMPLES, allocations, example_services


@pytest.mark.parametrize("case", CMS_EXAMPLES, ids=[c["id"] for c in CMS_EXAMPLES])
def test_manual_example(case: dict[str, Any]) -> None:
    result = compute_units(example_services(case), case["method"])
    reported = [allocations(result.lines)] + [allocations(alt) for alt in result.alternatives]
    assert sorted(map(sorted, map(dict.items, reported))) == sorted(
        map(sorted, map(dict.items, case["acceptable_units"])))
    assert result.alternatives_total == len(case["acceptable_units"]) - 1
    units = sum(case["acceptable_units"][0].values())
    assert result.total_units == units
    assert [ln.code for ln in result.lines] == list(case["timed_minutes"]) + case["untimed_codes"]
