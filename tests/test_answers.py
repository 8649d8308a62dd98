"""The tools send their answers as plain data (``tools/answer.py``): for any input (hypothesis) each answer is
exactly its output model's JSON, field for field and in order, so what the server sends is what the published
output schema describes. (validate_claim_line's answer: ``tests/test_batch_answer.py``.)"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from cpt97124_mcp.rules import Service, compute_units
from cpt97124_mcp.rules.claims import LineInput, validate_claim
from cpt97124_mcp.rules.codes import catalog
from cpt97124_mcp.tools.claim_schemas import ValidateClaimResult
from cpt97124_mcp.tools.compute_units import units_answer
from cpt97124_mcp.tools.schemas import ComputeUnitsResult
from cpt97124_mcp.tools.validate_claim import claim_answer

CODES = [*sorted(catalog()), "99999", "g0283"]
services = st.lists(st.builds(Service, st.sampled_from(CODES), st.integers(0, 60)), min_size=1, max_size=6)
claim_lines = st.lists(st.builds(LineInput, st.sampled_from(CODES), st.integers(1, 4),
                                 st.lists(st.sampled_from(["GP", "GO", "CQ", "KX", "59", "GA"]), max_size=3),
                                 st.none() | st.integers(0, 60)), min_size=1, max_size=5)


def assert_is_model_json(data: dict[str, Any], model: type[BaseModel]) -> None:
    assert model.model_validate(data).model_dump(mode="json", by_alias=True) == data
    assert list(data) == list(model.model_fields)


@given(services, st.sampled_from(["cms", "ama"]))
def test_compute_units_answer_is_the_output_model(day: list[Service], method: str) -> None:
    assert_is_model_json(units_answer(compute_units(day, method)), ComputeUnitsResult)  # type: ignore[arg-type]


@given(claim_lines, st.sampled_from(["medicare", "medicaid", "commercial"]))
def test_validate_claim_answer_is_the_output_model(lines: list[LineInput], payer: str) -> None:
    assert_is_model_json(claim_answer(validate_claim(lines, payer=payer, date_of_service="2025-05-05")),
                         ValidateClaimResult)
