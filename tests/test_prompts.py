"""The prompt files (prompts/*.md): headers parsed, arguments described, placeholders filled, errors named."""

from __future__ import annotations

import pytest

from cpt97124_mcp.prompts import parse_template, templates

GOOD = """---
name: demo
title: Demo
description: A demo prompt.
argument visit (required): What was done.
argument payer (optional, default medicare): The payer.
---
Visit {{visit}} for {{payer}}.
"""


def test_at_least_four_prompt_files_each_described() -> None:
    names = [t.name for t in templates()]
    assert {"bill_visit", "check_claim_line", "explain_denial", "units_question"} <= set(names)
    for template in templates():
        assert template.title and template.description and template.arguments
        assert any(a.required for a in template.arguments)
        assert all(a.description and (a.required or a.default) for a in template.arguments)


def test_render_fills_arguments_and_defaults() -> None:
    template = parse_template(GOOD, "demo.md")
    assert template.render({"visit": " 97124 38 min "}) == "Visit 97124 38 min for medicare."
    assert template.render({"visit": "x", "payer": "commercial"}) == "Visit x for commercial."


@pytest.mark.parametrize(("arguments", "words"), [
    ({}, ["demo", "missing required argument 'visit'", "What was done"]),
    ({"visit": "  "}, ["missing required argument 'visit'"]),
    ({"visit": "x", "payr": "y"}, ["unknown argument 'payr'", "visit (required), payer (optional)"]),
    ({"visit": "x" * 5000}, ["'visit' has 5000 characters"]),
])
def test_render_errors_name_the_argument(arguments: dict[str, str], words: list[str]) -> None:
    with pytest.raises(ValueError) as err:
        parse_template(GOOD, "demo.md").render(arguments)
    assert all(w in str(err.value) for w in words), err.value


@pytest.mark.parametrize(("text", "words"), [
    (GOOD.replace("{{payer}}", "{{payor}}"), ["prompts/demo.md", "placeholders"]),
    (GOOD.replace("(required)", "(needed)"), ["prompts/demo.md", "bad argument line"]),
])
def test_a_broken_prompt_file_is_named(text: str, words: list[str]) -> None:
    with pytest.raises(ValueError) as err:
        parse_template(text, "demo.md")
    assert all(w in str(err.value) for w in words)
