"""Answers are values: changing one answer can never change another (issue 11, "answers that share mutable
objects"). The old core cached ``Finding`` objects (the "table not imported" findings) and handed the same
instance to every caller, so a library user who edited one answer edited the next caller's too."""

from __future__ import annotations

import contextlib
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from cpt97124_mcp.rules import Service, compute_units
from cpt97124_mcp.rules.claims import LineInput, validate_claim, validate_line

LINE, OTHER = LineInput("97124", 1, ["GP"], 15), LineInput("97110", 1, ["GP"], 15)
OPTIONS = {"payer": "medicare", "date_of_service": "2024-06-03", "ytd_therapy_amount": 100.0}


@pytest.fixture(autouse=True)
def no_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "no-store"))  # the old core opened it implicitly


def _tamper(finding: object) -> None:
    for name in ("message", "fix", "citation", "severity", "rule_id"):
        with contextlib.suppress(AttributeError, TypeError, FrozenInstanceError):
            setattr(finding, name, "changed by another caller")


def test_changing_a_finding_of_one_answer_leaves_the_next_answer_unchanged() -> None:
    fresh = validate_line(LINE, (OTHER,), ncci=None, **OPTIONS).findings
    for finding in validate_line(LINE, (OTHER,), ncci=None, **OPTIONS).findings:
        _tamper(finding)
    assert validate_line(LINE, (OTHER,), ncci=None, **OPTIONS).findings == fresh
    # the answer the old core cached (a check not run) is a NotChecked now: a frozen value too
    assert any("not run" in n.reason for n in validate_line(LINE, (OTHER,), ncci=None, **OPTIONS).not_checked)


def test_changing_a_claim_answer_leaves_the_next_answer_unchanged() -> None:
    fresh = validate_claim((LINE, OTHER), ncci=None, **OPTIONS)
    tampered = validate_claim((LINE, OTHER), ncci=None, **OPTIONS)
    for report in tampered.lines:
        for finding in report.findings:
            _tamper(finding)
    for finding in tampered.claim_findings:
        _tamper(finding)
    assert validate_claim((LINE, OTHER), ncci=None, **OPTIONS) == fresh


def test_results_and_their_parts_are_frozen() -> None:
    result = validate_line(LINE, (OTHER,), ncci=None, **OPTIONS)
    units = compute_units([Service("97124", 38)])
    for value, name in ((result, "valid"), (result.findings[0], "message"), (units, "total_units"),
                        (units.lines[0], "units"), (units.other_method, "method")):
        with pytest.raises((AttributeError, FrozenInstanceError)):
            setattr(value, name, None)
    assert isinstance(result.findings, tuple) and isinstance(units.lines, tuple) and isinstance(units.steps, tuple)


def test_the_data_a_caller_can_reach_is_read_only() -> None:
    """The parsed data behind every answer (code catalog, parameters, payer profiles, fee-schedule RVUs) cannot be
    changed through the public accessors: a change would reach every later answer."""
    from cpt97124_mcp.rules.claims.profiles import profiles
    from cpt97124_mcp.rules.codes import add_on_bases, catalog
    from cpt97124_mcp.rules.parameters import parameters
    from cpt97124_mcp.rules.payment.fee_schedule import rvus

    tables = {"catalog": catalog(), "add_on_bases": add_on_bases(), "parameters": parameters(),
              "profiles": profiles(), "rvus": rvus(2025)}
    for name, table in tables.items():
        assert table, name
        key = next(iter(table))
        with pytest.raises(TypeError):
            table[key] = None  # type: ignore[index]
    listed = parameters()["telehealth_therapy_codes"].values[-1]
    assert listed is not None and "97110" in listed.value
    with pytest.raises(AttributeError):  # a list of codes in the data is a set no caller can add to
        listed.value.append("97124")  # type: ignore[union-attr]
