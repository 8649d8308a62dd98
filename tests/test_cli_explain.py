"""``cpt97124-mcp explain`` and ``cpt97124-mcp rules``: the same core and the same JSON as the tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.catalog import all_rules
from cpt97124_mcp.tools.explain_rule import explanation
from cpt97124_mcp.tools.list_rules import rules_listing

BAD_USAGE = [  # (argv, words stderr must contain)
    (["explain"], ["rule_id/topic", "neither"]),
    (["explain", "units.cms-total-time", "--topic", "KX"], ["rule_id/topic", "both"]),
    (["explain", "units.cms-total"], ["rule_id", "closest", "units.cms-total-time"]),
    (["explain", "--topic", "zzz qqq"], ["topic", "names no rule", "cpt97124-mcp rules lists"]),
    (["explain", "--topic", "place of service code"], ["names no rule", "closest, weakly"]),
    (["explain", "eight minute rule"], ["not a rule id", "cpt97124-mcp explain --topic 'eight minute rule'"]),
    (["explain", "units.cms-total-time", "--minutes", "-4"], ["minutes", "-4"]),
    (["explain", "units.cms-total-time", "--minutes", "ten"], ["--minutes", "ten"]),
]


def test_explain_json_is_the_tools_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "units.cms-total-time", "--minutes", "38", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == explanation("units.cms-total-time", None, 38).model_dump(mode="json")
    assert printed["example"]["result"]["total_units"] == 3


def test_explain_by_topic_reads_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--topic", "rule of eights"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("units.ama-midpoint: ")
    assert "Sources:" in out and "Common misconceptions:" in out and "Worked example:" in out


def test_rules_lists_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(r.id in out for r in all_rules())
    assert main(["rules", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == rules_listing().model_dump(mode="json")


@pytest.mark.parametrize(("argv", "words"), BAD_USAGE)
def test_bad_input_exits_2_naming_the_argument(argv: list[str], words: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(argv))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err


@pytest.mark.parametrize("command", ["explain", "rules"])
def test_help_has_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0 and f"cpt97124-mcp {command}" in capsys.readouterr().out


def test_batch_problems_name_no_tool(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: CLI messages speak the CLI's language (no 'Invalid arguments for validate_claim_line')."""
    inputs = tmp_path / "in.jsonl"
    inputs.write_text('{"code": "97124", "units": 1, "payer": "mcare"}\n')
    main(["validate", str(inputs)])
    out = capsys.readouterr().out
    assert "'payer' = 'mcare'" in out and "validate_claim_line" not in out
