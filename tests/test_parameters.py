"""Dated values (``rules.parameters``): one format, one accessor, every value with a reference and a status."""

from __future__ import annotations

from datetime import date

import pytest

from cpt97124_mcp.rules.claims import LineInput, validate_line
from cpt97124_mcp.rules.claims.checks_kx import _threshold
from cpt97124_mcp.rules.claims.model import Claim, ClaimLine
from cpt97124_mcp.rules.parameters import STATUSES, parameter, parameters
from cpt97124_mcp.rules.types import Discipline, Method, Payer


def test_every_value_has_references_with_a_known_status_and_a_place() -> None:
    for found in parameters().values():
        assert found.description and list(found.starts) == sorted(found.starts), found.name
        for value in filter(None, found.values):
            assert value.references and value.status in STATUSES and value.source, found.name
            assert all(r.title and r.status in STATUSES for r in value.references), found.name


@pytest.mark.parametrize(("name", "on", "expected"), [
    ("kx_threshold_pt_slp", date(2005, 12, 31), None),  # the caps from 2006 (issue 12)
    ("kx_threshold_pt_slp", date(2017, 12, 31), 1980),
    ("kx_threshold_pt_slp", date(2018, 1, 1), 2010),
    ("kx_threshold_ot", date(2023, 7, 4), 2230),
    ("kx_threshold_pt_slp", date(2026, 12, 31), 2480),
    ("kx_threshold_pt_slp", date(2027, 1, 1), None),  # no amount read for 2027 yet
    ("assistant_modifiers_required", date(2019, 12, 31), None),
    ("assistant_modifiers_required", date(2020, 1, 1), True),
    ("assistant_payment_rate", date(2022, 1, 1), 0.85),
    ("mppr_practice_expense_rate", date(2013, 3, 31), None),
    ("kx_misuse_fraction", date(2024, 1, 1), 0.5),
    ("cmt_pmr_same_region_rule", date(2024, 1, 1), True),
])
def test_the_date_of_service_picks_the_value(name: str, on: date, expected: object) -> None:
    value = parameter(name, on)
    assert (None if value is None else value.value) == expected


def test_the_misuse_fraction_says_it_is_this_projects_heuristic() -> None:
    value = parameter("kx_misuse_fraction", date(2024, 1, 1))
    assert value is not None and value.status == "unverified" and "own heuristic" in value.source


@pytest.mark.parametrize(("modifiers", "plan", "name"), [
    (("GO",), None, "kx_threshold_ot"), (("GP",), Discipline.OT, "kx_threshold_pt_slp"),
    ((), Discipline.OT, "kx_threshold_ot"), (("GN",), None, "kx_threshold_pt_slp")])
def test_an_ot_service_is_held_to_the_ot_threshold(modifiers: tuple[str, ...], plan: Discipline | None,
                                                     name: str) -> None:
    day = date(2024, 5, 2)
    claim = Claim((ClaimLine("97110", 1, modifiers, 15),), Payer.MEDICARE, Method.CMS, day, plan_of_care=plan)
    assert _threshold(claim, claim.lines[0]) == parameter(name, day)


def test_a_kx_finding_cites_the_years_threshold_source() -> None:
    result = validate_line(LineInput("97124", 1, ["GP"], 15), date_of_service="2024-06-03", ytd_therapy_amount=2400)
    (kx,) = [f for f in result.findings if f.rule_id == "mod.kx-threshold"]
    assert "§10.3.3" in kx.citation and "threshold source: Noridian" in kx.citation
