"""estimate_payment as a tool (strict arguments, lines or services) and as the CLI ``estimate``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cpt97124_mcp.cli.estimate import parse_line
from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.errors import RuleInputError
from cpt97124_mcp.rules.payment import PaymentLine
from cpt97124_mcp.rules.units import Service
from cpt97124_mcp.tools.estimate_payment import payment_for

DAY = date(2025, 6, 2)


def test_lines_or_services_not_both_nor_neither() -> None:
    with pytest.raises(RuleInputError, match="either lines or services"):
        payment_for([], None, DAY, None)
    with pytest.raises(RuleInputError, match="either lines or services"):
        payment_for([PaymentLine("97110", 1)], [Service("97110", 20)], DAY, None)


def test_services_take_units_from_the_cms_rule_first() -> None:
    result = payment_for([], [Service("97110", 33), Service("97140", 10)], DAY, None)
    assert [(ln.code, ln.units) for ln in result.lines] == [("97110", 2), ("97140", 1)]  # 43 minutes: 3 units


@pytest.mark.parametrize(("text", "line"), [
    ("97530", PaymentLine("97530", 1, ())), ("97110x2", PaymentLine("97110", 2, ())),
    ("97110x2:gp,cq", PaymentLine("97110", 2, ("GP", "CQ")))])
def test_cli_line_forms(text: str, line: PaymentLine) -> None:
    assert parse_line(text) == line


def test_cli_estimate_json_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "97530", "97110x2", "97140", "--date", "2025-06-02", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["allowed_total"], answer["allowed_without_mppr"]) == (98.97, 119.36)
    assert main(["estimate", "97530", "--date", "2026-06-02"]) == 3
    assert "import-pfs" in capsys.readouterr().out
    assert main(["estimate", "9711", "--date", "2025-06-02"]) == 2
    assert "not a line" in capsys.readouterr().err


def test_cli_estimate_table_with_locality(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate", "97110=33", "97140=10", "--date", "2025-06-02", "--locality", "13202-01"]) == 0
    out = capsys.readouterr().out
    assert "MANHATTAN" in out and "Status: clean" in out


def test_visit_payment_prompt_calls_estimate_payment() -> None:
    from cpt97124_mcp.prompts import templates

    (prompt,) = [t for t in templates() if t.name == "visit_payment"]
    text = prompt.render({"visit": "97530 x1, 97110 x2, 97140 x1", "date_of_service": "2025-06-02"})
    assert "estimate_payment" in text and "Locality: national" in text and "incomplete" in text


def test_readme_example_is_the_tools_real_answer() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Example: what will this visit pay?")[1].split("## ")[0]
    answer = payment_for([PaymentLine("97530", 1, ("GP",)), PaymentLine("97110", 2, ("GP",)),
                          PaymentLine("97140", 1, ("GP",))], None, DAY, None)
    for key in ("allowed_total", "allowed_without_mppr", "coinsurance", "toward_kx_threshold"):
        assert f'"{key}": {getattr(answer, key)}' in section
    assert f'"after_sequestration": {answer.medicare_payment.after_sequestration}' in section  # type: ignore[union-attr]
    assert all(step[:60] in section for step in answer.steps)


@pytest.mark.parametrize(("rule_id", "words"), [
    ("pay.mppr", "allowed $98.97 ($119.36 without MPPR)"), ("pay.fee-schedule", "conversion factor $33.2875"),
    ("pay.coinsurance", "coinsurance $19.79"), ("pay.sequestration", "$77.60 after 2% sequestration"),
    ("pay.cq-co-reduction", "allowed $71.73")])
def test_payment_rules_explain_with_a_live_estimate(rule_id: str, words: str) -> None:
    from cpt97124_mcp.tools.explain_rule import explanation

    example = explanation(rule_id, None, None).example
    assert example is not None and example.tool == "estimate_payment" and words in example.summary
    lines = [PaymentLine(ln["code"], ln["units"], tuple(ln["modifiers"])) for ln in example.arguments["lines"]]
    same = payment_for(lines, None, date.fromisoformat(example.arguments["date_of_service"]), None)
    assert same == example.result


def test_modifiers_and_codes_are_normalised_before_they_are_priced() -> None:
    """Contract, "Errors": modifiers are normalised (case, space, duplicates) before they are judged; a lower-case
    cq must not lose the 85% assistant payment."""
    day = date(2025, 6, 2)
    upper = payment_for([PaymentLine("97124", 1, ("CQ", "GP"))], None, day, None)
    for modifiers in (("cq", "gp"), (" CQ", "gp ", "GP")):
        loose = payment_for([PaymentLine(" 97124 ", 1, modifiers)], None, day, None)
        assert loose.allowed_total == upper.allowed_total and loose.lines[0].modifiers == ["CQ", "GP"]
    assert upper.allowed_total is not None and upper.allowed_total < payment_for(
        [PaymentLine("97124", 1, ("GP",))], None, day, None).allowed_total  # type: ignore[operator]
