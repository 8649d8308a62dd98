"""``cpt97124-mcp validate FILE|-``: one result per input, in order, the same JSON as the tool, exit codes."""

from __future__ import annotations

import functools
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from cpt97124_mcp.cli import validate as cli_validate
from cpt97124_mcp.cli.batch_output import CurrentStdout, Progress
from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.ncci import import_mue
from cpt97124_mcp.server.app import build_server

from cms_files import mue_text
from mcp_helpers import console_script

DATE = {"date_of_service": "2025-03-04"}
GOOD = {"line": {"code": "97124", "units": 2, "modifiers": ["GP"], "minutes": 30}, "payer": "medicare", **DATE}
OVERBILLED = {"line": {"code": "97124", "units": 4, "modifiers": ["GP"], "minutes": 30}, **DATE}
CSV = ("code,units,minutes,modifiers,payer,date_of_service\n"
       "97124,2,30,GP,medicare,2025-03-04\n"
       "97124,4,30,GP,,2025-03-04\n"
       "97124,two,30,GP,,2025-03-04\n")


@pytest.fixture(scope="module")
def mue_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    import_mue(mue_text(folder / "mue.txt"), folder / "ncci.sqlite3")
    return folder


@pytest.fixture(autouse=True)
def imported(mue_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An MUE table is imported: a single line is then checked in full, so GOOD is clean (valid), not incomplete."""
    monkeypatch.setenv("CPT97124_DATA_DIR", str(mue_store))


def run_cli(tmp_path: Path, text: str, *options: str, name: str = "inputs.jsonl") -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        out, err = io.StringIO(), io.StringIO()
        patch.setattr("sys.stdout", out)
        patch.setattr("sys.stderr", err)
        code = main(["validate", str(path), *options])
    return code, out.getvalue(), err.getvalue()


def jsonl(*items: Any) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


def tool_part(line: str) -> dict[str, Any]:
    """A printed result without its position (``input``, ``source_line``; every result carries them): the tool's
    own answer. A line naming unreadable input is returned whole."""
    result: dict[str, Any] = json.loads(line)
    if "status" in result:
        assert isinstance(result.pop("input"), int) and "source_line" in result
        result.pop("source_line")
    return result


def expected_json(arguments: dict[str, Any]) -> dict[str, Any]:
    """What the MCP tool answers for these arguments (the in-process SDK client): the batch prints exactly that."""
    return json.loads(tool_answer(json.dumps(arguments)))


@functools.cache
def tool_answer(arguments: str) -> str:
    async def call() -> dict[str, Any] | None:
        async with Client(build_server()) as client:
            return (await client.call_tool("validate_claim_line", json.loads(arguments))).structured_content

    return json.dumps(anyio.run(call))


def test_jsonl_gives_the_tools_output_one_line_per_input_in_order(tmp_path: Path) -> None:
    code, out, err = run_cli(tmp_path, jsonl(GOOD, OVERBILLED, GOOD), "--json")
    assert [tool_part(line) for line in out.splitlines()] == [expected_json(a) for a in (GOOD, OVERBILLED, GOOD)]
    assert code == 1 and "3 inputs: 2 valid, 0 incomplete (checks not run), 1 with error findings" in err


def test_all_valid_exits_0(tmp_path: Path) -> None:
    assert run_cli(tmp_path, jsonl(GOOD, GOOD), "--json")[0] == 0


def test_checks_not_run_are_counted_apart_and_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No NCCI table imported: no error, but the MUE check did not run, so every result is incomplete (exit 3)."""
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "empty"))
    code, out, err = run_cli(tmp_path, jsonl(GOOD, GOOD), "--json")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 3 and "2 inputs: 0 valid, 2 incomplete (checks not run), 0 with error findings" in err
    assert [(r["status"], r["valid"], [n["rule_id"] for n in r["not_checked"]]) for r in results] == [
        ("incomplete", False, ["line.mue"])] * 2
    code, out, _ = run_cli(tmp_path, jsonl(GOOD, OVERBILLED))
    assert code == 1 and "INCOMPLETE" in out and "not run line.mue" in out


@pytest.mark.parametrize(("text", "name"), [
    (json.dumps([GOOD, OVERBILLED], indent=2), "inputs.json"),
    (CSV.rsplit("97124,two", 1)[0], "claims.csv"),
    (jsonl({"code": "97124", "units": 2, "minutes": 30, "modifiers": "GP", **DATE},
           {"code": "97124", "units": 4, "minutes": 30, "modifiers": "GP", **DATE}), "flat.jsonl"),
])
def test_every_format_gives_the_same_answers(tmp_path: Path, text: str, name: str) -> None:
    code, out, _ = run_cli(tmp_path, text, "--json", name=name)
    assert [tool_part(line) for line in out.splitlines()] == [expected_json(GOOD), expected_json(OVERBILLED)]
    assert code == 1


def test_a_single_json_object(tmp_path: Path) -> None:
    code, out, _ = run_cli(tmp_path, json.dumps(GOOD, indent=2), "--json", name="one.json")
    assert code == 0 and [tool_part(line) for line in out.splitlines()] == [expected_json(GOOD)]


def test_a_bad_row_is_reported_with_its_line_and_field_and_the_rest_go_on(tmp_path: Path) -> None:
    code, out, _ = run_cli(tmp_path, CSV, "--json", name="claims.csv")
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 3 and results[0]["valid"] and not results[1]["valid"]
    assert results[2] == {"input": 3, "source_line": 4, "field": "units",
                          "error": "units: 'two' is not a whole number; allowed: a whole number such as 2, or empty"}
    assert code == 1


@pytest.mark.parametrize(("bad", "field", "words"), [
    ('{"line": {"code": "97124", "units": 2}, "ytd_amount": 5}', "ytd_amount", "unknown argument 'ytd_amount'"),
    ('{"code": "97124", "units": -1}', "units", "'units' = -1"),
    ('{"code": "97124", "units": 2, "payer": "aetna"}', "payer", "'payer' = 'aetna'"),
    ('{"code": "9712", "units": 2}', "code", "5 characters"),
    ('{"code": "97124", "units": ', "input", "not valid JSON"),
    ("[1, 2]", "input", "not an object"),
])
def test_bad_inputs_name_the_field(tmp_path: Path, bad: str, field: str, words: str) -> None:
    code, out, _ = run_cli(tmp_path, jsonl(GOOD) + bad + "\n" + jsonl(GOOD), "--json")
    first, problem, last = (tool_part(line) for line in out.splitlines())
    assert first == last == expected_json(GOOD) and code == 1
    assert (problem["input"], problem["source_line"], problem["field"]) == (2, 2, field)
    assert words in problem["error"], problem["error"]


def test_the_table_shows_findings_and_the_summary(tmp_path: Path) -> None:
    code, out, err = run_cli(tmp_path, CSV, name="claims.csv")
    assert code == 1 and not err
    assert "ERRORS" in out and "line.units-vs-minutes" in out and "UNREADABLE" in out and "line 4:" in out
    assert out.rstrip().endswith(
        "3 inputs: 1 valid, 0 incomplete (checks not run), 1 with error findings, 1 unreadable; 0 warnings.")


@pytest.mark.parametrize(("text", "name", "words"), [
    ("", "empty.jsonl", "empty"),
    ("code,unit\n97124,2\n", "claims.csv", "CSV column 'unit' is unknown"),
    ("code,units\n", "claims.csv", "holds no inputs"),
    ("[]", "inputs.json", "holds no inputs"),
    ('{\n "line": \n', "inputs.json", "not valid JSON"),
])
def test_unusable_input_exits_2(tmp_path: Path, text: str, name: str, words: str) -> None:
    code, _, err = run_cli(tmp_path, text, "--json", name=name)
    assert code == 2 and words in err and "Traceback" not in err


def test_a_missing_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/claims.csv"]) == 2
    assert "argument FILE: cannot read '/nonexistent/claims.csv'" in capsys.readouterr().err


@pytest.mark.e2e
def test_stdin_through_the_installed_command() -> None:
    done = subprocess.run([console_script(), "validate", "-", "--json"], input=jsonl(GOOD, OVERBILLED),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert [tool_part(line) for line in done.stdout.splitlines()] == [expected_json(GOOD), expected_json(OVERBILLED)]
    assert "2 inputs" in done.stderr


@pytest.mark.parametrize(("total_bytes", "enabled", "inputs", "shown"), [
    (2 << 20, True, 1000, "50%"),
    (None, True, 10_000, "validating: 10,000 inputs"),
    (None, True, 1000, ""),  # small input: no bar
    (2 << 20, False, 1000, ""),  # stderr is not a terminal
])
def test_progress_bar_only_for_a_terminal_and_a_large_input(
        total_bytes: int | None, enabled: bool, inputs: int, shown: str, capsys: pytest.CaptureFixture[str]) -> None:
    progress = Progress(total_bytes, enabled)
    progress.update(1 << 20, inputs)
    progress.done()
    err = capsys.readouterr().err
    assert (shown in err and "validating:" in err and err.endswith("\033[2K")) if shown else err == ""


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.e2e)])  # 2: worker processes
def test_worker_processes_keep_the_order(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_validate, "WINDOW", 3)  # workers for 3 inputs or more
    monkeypatch.setattr(cli_validate, "BLOCK", 2)  # several blocks in flight
    inputs = [GOOD, OVERBILLED, {"code": "97124", "units": "x"}, GOOD, OVERBILLED, OVERBILLED, GOOD]
    code, out, err = run_cli(tmp_path, jsonl(*inputs), "--json", "--jobs", jobs)
    results = [tool_part(line) for line in out.splitlines()]
    assert [r.get("valid", "unreadable") for r in results] == [True, False, "unreadable", True, False, False, True]
    assert results[0] == expected_json(GOOD) and code == 1
    assert "7 inputs: 3 valid, 0 incomplete (checks not run), 3 with error findings, 1 unreadable" in err


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.e2e)])  # 2: worker processes
def test_a_broken_array_keeps_the_results_before_it_and_exits_2(tmp_path: Path, jobs: str) -> None:
    code, out, err = run_cli(tmp_path, f"[{json.dumps(GOOD)}, {json.dumps(GOOD)}, oops]", "--json", "--jobs", jobs,
                             name="inputs.json")
    assert code == 2 and len(out.splitlines()) == 2 and "JSON array item 3 is not valid JSON" in err


def test_jobs_must_be_a_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", "-", "--jobs", "many"])
    assert exited.value.code == 2 and "argument --jobs: 'many' is not a whole number" in capsys.readouterr().err


def test_rows_printed_while_the_bar_shows_go_around_it(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: on a terminal the table's rows and the progress bar never interleave: rows written while the bar
    shows pass through rich's console, above the bar, and the bar shows an ETA."""
    progress = Progress(2 << 20, True, share_terminal=True)
    progress.update(1 << 20, 1000)
    CurrentStdout().write("row 1\n")
    progress.update(1 << 20, 2000)
    progress.done()
    captured = capsys.readouterr()
    assert "row 1" in captured.err and "row 1" not in captured.out and "ETA" in captured.err


@pytest.mark.parametrize(("rows", "summary"), [(1, "1 input: "), (2, "2 inputs: ")])
def test_the_summary_counts_in_good_grammar(tmp_path: Path, rows: int, summary: str) -> None:
    _, out, _ = run_cli(tmp_path, jsonl(*[GOOD] * rows))
    assert summary in out and ("; 0 warnings." in out)


def test_a_blank_code_is_an_error_for_its_row_and_every_result_has_its_position(tmp_path: Path) -> None:
    _, out, _ = run_cli(tmp_path, "code,units,minutes,modifiers\n,1,15,GP\n97124,1,15,GP\n", "--json",
                      name="claims.csv")
    blank, good = (json.loads(line) for line in out.splitlines())
    assert blank["field"] == "code" and "blank" in blank["error"] and blank["source_line"] == 2
    assert (good["input"], good["source_line"], good["valid"]) == (2, 3, True)
