"""The core's hand-written values (``rules/value.py``): each class's FIELDS are its constructor's parameters, in
order, and each defines its own one-line setter (inherited, it would slow every compiled constructor); read from
the source, so the check holds for the compiled build too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cpt97124_mcp import cli, rules
from cpt97124_mcp.rules.claims import LineInput, validate_line
from cpt97124_mcp.rules.units import count_units
from cpt97124_mcp.rules.value import Value

SOURCES = sorted(path for package in (rules, cli) for path in Path(package.__path__[0]).rglob("*.py"))


def value_classes() -> list[tuple[str, ast.ClassDef]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) == "Value" for b in node.bases):
                found.append((f"{path.stem}.{node.name}", node))
    return found


def test_there_are_value_classes_to_check() -> None:
    assert len(value_classes()) >= 10


@pytest.mark.parametrize(("name", "node"), value_classes(), ids=[name for name, _ in value_classes()])
def test_fields_are_the_constructor_parameters_and_the_setter_is_the_class_own(name: str, node: ast.ClassDef) -> None:
    methods = {f.name: f for f in node.body if isinstance(f, ast.FunctionDef)}
    fields = next(ast.literal_eval(s.value) for s in node.body
                  if isinstance(s, ast.Assign) and getattr(s.targets[0], "id", None) == "FIELDS")
    parameters = [a.arg for a in methods["__init__"].args.args[1:]]
    assert tuple(parameters) == fields
    assert ast.unparse(methods["__setattr__"].body[0]) == "set_once(self, name, value)"


def test_a_value_refuses_changes_and_compares_by_its_fields() -> None:
    found = validate_line(LineInput("97124", 3, [], 15), ncci=None, date_of_service="2025-06-02")
    finding = found.findings[0]
    for value in (finding, count_units([rules.Service("97110", 38)]).cms):
        assert isinstance(value, Value)
        with pytest.raises(AttributeError):
            setattr(value, value.FIELDS[0], None)
        assert value == value.replace() and hash(value) == hash(value.replace()) and repr(value).startswith(
            type(value).__name__ + "(")
    assert finding.replace(message="other") != finding and finding.replace(message="other").rule_id == finding.rule_id
