"""Every rule id any tool can emit is explainable: each string literal in rules/, tools/, server/ (and the data
files) that looks like a rule id must be in the rule catalog (contract: "Every id that any tool emits must be
explainable by explain_rule")."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cpt97124_mcp.rules.catalog import all_rules

PACKAGE = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ("rules", "tools", "server")
RULE_ID = re.compile(r"(units|line|session|mod|provider|ncci|pay)\.[a-z0-9]+(-[a-z0-9]+)*")
NOT_IDS = re.compile(r".*\.(py|json|jsonl|md|csv|txt|db|sqlite3?|zip|xlsx)$")
CATALOG_FILE = "rule_catalog.json"


def python_strings(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def emitted_ids() -> dict[str, str]:
    """Rule-id-like literals and where the first of each was seen."""
    found: dict[str, str] = {}
    for folder in SOURCE_DIRS:
        for path in sorted((PACKAGE / folder).rglob("*")):
            if path.suffix == ".py":
                strings = python_strings(path)
            elif path.suffix == ".json" and path.name != CATALOG_FILE:
                strings = json_strings(json.loads(path.read_text(encoding="utf-8")))
            else:
                continue
            for text in strings:
                if RULE_ID.fullmatch(text) and not NOT_IDS.match(text):
                    found.setdefault(text, str(path.relative_to(PACKAGE)))
    return found


def test_the_scan_sees_the_ids_compute_units_emits() -> None:
    assert {"units.cms-total-time", "units.ama-midpoint", "line.code-known"} <= set(emitted_ids())


def test_every_emitted_rule_id_is_in_the_catalog() -> None:
    known = {r.id for r in all_rules()}
    missing = {rule_id: where for rule_id, where in emitted_ids().items() if rule_id not in known}
    assert not missing, f"rule ids emitted but not in rules/data/rule_catalog.json: {missing}"
