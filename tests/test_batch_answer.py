"""The batch CLI and the MCP tool send ``validate_line_answer``'s data without building the output model: for any
arguments (hypothesis) its JSON is exactly the output model's (``ValidateClaimLineResult.model_dump_json``)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import to_json

from cpt97124_mcp.rules.claims.model import PROVIDERS
from cpt97124_mcp.tools.claim_schemas import ValidateClaimLineResult
from cpt97124_mcp.tools.validate_claim_line import validate_line_answer

CODES = ["97124", "97110", "97140", "97530", "97150", "97010", "98940", "G0283", "99999", " 97124 "]
MODIFIERS = ["GP", "gp ", "GO", "CQ", "CO", "KX", "59", "XS", "GY", "GA", "Q"]

lines = st.fixed_dictionaries({"code": st.sampled_from(CODES), "units": st.integers(1, 5)}, optional={
    "modifiers": st.lists(st.sampled_from(MODIFIERS), max_size=4),
    "minutes": st.none() | st.integers(0, 70),
    "regions": st.none() | st.lists(st.sampled_from(["cervical", "Lumbar", "head"]), max_size=2)})
arguments = st.fixed_dictionaries({"line": lines}, optional={
    "other_lines": st.lists(lines, max_size=3),
    "payer": st.sampled_from(["medicare", "medicaid", "commercial"]),
    "method": st.none() | st.sampled_from(["cms", "ama"]),
    "date_of_service": st.dates().map(lambda d: d.replace(year=2015 + d.year % 12).isoformat()),
    "provider": st.none() | st.sampled_from(PROVIDERS),
    "plan_of_care": st.none() | st.sampled_from(["pt", "ot", "slp"]),
    "ytd_therapy_amount": st.none() | st.floats(0, 5000)})


@settings(max_examples=200, deadline=None)
@given(arguments)
def test_the_answer_serialises_to_the_tools_structured_output(args: dict[str, Any]) -> None:
    answer = validate_line_answer(args)
    model = ValidateClaimLineResult.model_validate(answer)
    assert to_json(answer).decode() == model.model_dump_json(by_alias=True)
    assert list(answer) == list(ValidateClaimLineResult.model_fields)
