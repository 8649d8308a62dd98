"""Every worked example of CMS Pub. 100-04 Ch. 5 §20.2, through the core: all allowed allocations, no more."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cpt97124_mcp.rules import compute_units

from conftest import CMS_EXAMPLES, CMS_EXAMPLES_FILE, allocations, example_services

SHARED_CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / CMS_EXAMPLES_FILE.name


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


@pytest.mark.skipif(not SHARED_CASES.is_file(), reason="no shared case file beside the clone to compare with")
def test_the_repository_copy_is_the_shared_case_file() -> None:
    assert json.loads(SHARED_CASES.read_text(encoding="utf-8")) == CMS_EXAMPLES
