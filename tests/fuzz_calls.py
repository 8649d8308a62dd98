"""Malformed MCP calls for fuzzing (shared by tests/test_fuzz.py and bench/fuzz_campaign.py).

Each call is ``(kind, name, arguments)``: kind ``tool`` / ``prompt`` / ``resource``. Arguments mix wrong
types, missing and extra fields, huge lists, long and odd unicode strings, negative and huge numbers, and
near-valid arguments with one field broken, for every tool the server lists, plus unknown names.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from mcp import Client
from mcp.shared.exceptions import MCPError

ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["97124", " 97124 ", "g0283", "GP", "", "\x00", "\u202e97124", "\uff19\uff17\uff11\uff12\uff14",
                     "97124\n", "🦴" * 30, "a" * 5000, "2024-02-30", "-1", "1e309", "NaN", "null", "{}", "[]"]),
)
NUMBERS = st.one_of(st.integers(-(10**30), 10**30), st.sampled_from([0, -1, 7, 8, 1440, 1441, 2**63, -(2**63)]),
                    st.floats(allow_nan=True, allow_infinity=True))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ODD_TEXT)
JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=6),
                                                     st.dictionaries(ODD_TEXT, inner, max_size=6)), max_leaves=25)

# Near-valid arguments per tool: one field at a time is then replaced, dropped or joined by a stranger.
VALID: dict[str, dict[str, Any]] = {
    "compute_units": {"services": [{"code": "97124", "minutes": 38}, {"code": "97110", "minutes": 10}],
                      "method": "cms"},
    "validate_claim_line": {"line": {"code": "97124", "units": 2, "modifiers": ["GP"], "minutes": 30},
                            "date_of_service": "2025-03-04", "payer": "medicare", "provider": "pt",
                            "plan_of_care": "pt", "ytd_therapy_amount": 100.0},
    "validate_claim": {"lines": [{"code": "97124", "units": 2, "modifiers": ["GP"], "minutes": 30}],
                       "date_of_service": "2025-03-04"},
    "explain_rule": {"rule_id": "units.cms-total-time", "minutes": 38},
    "list_rules": {},
    "estimate_payment": {"lines": [{"code": "97110", "units": 2, "modifiers": ["GP"]}],
                         "date_of_service": "2025-06-02"},
}


@st.composite
def tool_arguments(draw: st.DrawFn, tool: str) -> dict[str, Any]:
    base = dict(VALID.get(tool, {}))
    how = draw(st.sampled_from(["random", "replace", "drop", "extra", "huge"]))
    if how == "random" or not base:
        return draw(st.dictionaries(ODD_TEXT, JSON, max_size=5))
    key = draw(st.sampled_from(sorted(base)))
    if how == "replace":
        base[key] = draw(JSON)
    elif how == "drop":
        base.pop(key)
    elif how == "extra":
        base[draw(ODD_TEXT.filter(lambda k: k not in base))] = draw(JSON)
    else:
        base[key] = [draw(SCALARS)] * draw(st.sampled_from([51, 500, 5000]))
    return base


def malformed_calls(tools: list[str]) -> st.SearchStrategy[tuple[str, str, Any]]:
    """Any malformed call: to a listed tool, an unknown tool, an unknown prompt or resource."""
    listed = st.sampled_from(tools).flatmap(lambda t: st.tuples(st.just("tool"), st.just(t), tool_arguments(t)))
    unknown_tool = st.tuples(st.just("tool"), ODD_TEXT.filter(lambda n: n not in tools), JSON)
    prompt = st.tuples(st.just("prompt"), ODD_TEXT, st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=3))
    resource = st.tuples(st.just("resource"), st.one_of(ODD_TEXT, st.sampled_from(
        ["rules://rule/nope", "rules://rule/", "units://nothing", "file:///etc/passwd"])), st.none())
    return st.one_of(listed, listed, listed, unknown_tool, prompt, resource)


async def send(client: Client, call: tuple[str, str, Any]) -> str:
    """Make one call; return 'ok', 'error result' or 'protocol error'. Anything else propagates (a failure).

    A tool error that hides its cause ("Error executing tool X" alone) is an unexpected exception in the
    server, reported as a failure.
    """
    kind, name, arguments = call
    try:
        if kind == "tool":
            result = await client.call_tool(name, arguments if isinstance(arguments, dict) else {"value": arguments})
            text = result.content[0].text if result.content and hasattr(result.content[0], "text") else ""
            if result.is_error and text.strip() == f"Error executing tool {name}":
                raise AssertionError(f"tool {name} crashed on fuzzed arguments")
            return "error result" if result.is_error else "ok"
        if kind == "prompt":
            await client.get_prompt(name, arguments)
        else:
            await client.read_resource(name)
        return "ok"
    except MCPError:
        return "protocol error"
