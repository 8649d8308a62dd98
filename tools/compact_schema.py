"""Tool schemas as lean as the facts they carry: a host sends every tool's input schema to the model in every
conversation, so pydantic's noise goes (issue 14, "context budget").

``compact_schema`` keeps every constraint and description and drops: ``title`` keywords (pydantic's restatement of
the field name), enum classes' docstrings, the ``$ref`` indirection of a definition used once (inlined), and, for
inputs, the length guards of strings (the server enforces them; no well-formed value comes near them) and the
``null`` branch and ``default: null`` of optional fields (an optional field is one that is not ``required``; the
server still accepts an explicit null).
What is used more than once (the claim line, the provider list) stays in ``$defs``, once.
Output schemas keep their nulls: a client checks results against them, and ``expected_units`` may be null.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_LISTS = ("anyOf", "oneOf", "allOf")
SCHEMA_MAPS = ("properties", "$defs")
STRING_GUARDS = ("maxLength", "minLength")


def compact_schema(schema: dict[str, Any], *, nulls: bool) -> dict[str, Any]:
    """``schema`` without noise; ``nulls`` False (inputs) lets optional fields drop their null branch."""
    defs = schema.get("$defs", {})
    text = json.dumps(schema)
    once = {name for name in defs if text.count(f'"#/$defs/{name}"') == 1}
    out = _node(schema, {name: _node(defs[name], {}, nulls) for name in once}, nulls)
    kept = {name: ({"enum": d["enum"]} if "enum" in d else d)
            for name, d in out.get("$defs", {}).items() if name not in once}
    if kept:
        out["$defs"] = kept
    else:
        out.pop("$defs", None)
    return out


def _node(node: dict[str, Any], inline: dict[str, dict[str, Any]], nulls: bool) -> dict[str, Any]:
    ref = node.get("$ref", "").removeprefix("#/$defs/")
    if ref in inline:  # a definition used once, in its place (an enum without its class docstring)
        used = inline[ref]
        node = {**({"enum": used["enum"]} if "enum" in used else used),
                **{k: v for k, v in node.items() if k != "$ref"}}
    if "enum" in node:  # an enum's values say its type; its class docstring is not the field's description
        node = {k: v for k, v in node.items() if k != "type"}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if (key == "title" and isinstance(value, str)) or (not nulls and key in STRING_GUARDS):
            continue
        if key in SCHEMA_MAPS:
            out[key] = {name: _node(sub, inline, nulls) for name, sub in value.items()}
        elif key in SCHEMA_LISTS:
            out[key] = [_node(sub, inline, nulls) for sub in value]
        elif key == "items" and isinstance(value, dict):
            out[key] = _node(value, inline, nulls)
        else:
            out[key] = value
    return _optional(out, nulls)


def _optional(node: dict[str, Any], nulls: bool) -> dict[str, Any]:
    """``anyOf: [X, null]`` written compactly: X alone for an input, X with null among its types for an output."""
    branches = node.get("anyOf", [])
    others = [b for b in branches if b != {"type": "null"}]
    if len(branches) != 2 or len(others) != 1:
        return node
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    (other,) = others
    if not nulls:
        if rest.get("default", "") is None:
            del rest["default"]
        return {**other, **rest}
    if "enum" in other:
        return {**other, "enum": [*other["enum"], None], **rest}
    if isinstance(other.get("type"), str) and "$ref" not in other:
        return {**other, "type": [other["type"], "null"], **rest}
    return node
