"""A batch run either finishes or says loudly that it did not (issue 13, part 2): exit 4 with one line saying how
many inputs were checked and written, never a traceback; hostile CSV and JSON inputs cost bounded memory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_cli_validate import GOOD, OVERBILLED, imported, jsonl, mue_store, run_cli  # noqa: F401 - fixtures

from cpt97124_mcp.rules.ncci import NcciStoreError

CLI = [sys.executable, "-m", "cpt97124_mcp.cli.main", "validate"]


def failing_after(calls: int, error: Exception) -> Any:
    from cpt97124_mcp.tools.validate_claim_line import check_line

    count = 0

    def check(args: Any, ncci: Any) -> Any:
        nonlocal count
        count += 1
        if count > calls:
            raise error
        return check_line(args, ncci)

    return check


@pytest.mark.parametrize(("error", "words"), [
    (NcciStoreError("the NCCI store /x/ncci.sqlite3 cannot be read: disk I/O error"), "disk I/O error"),
    (RuntimeError("boom"), "unexpected error: RuntimeError: boom"),
])
def test_a_fault_mid_run_aborts_with_exit_4_and_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         error: Exception, words: str) -> None:
    monkeypatch.setattr("cpt97124_mcp.tools.validate_claim_line.check_line", failing_after(2, error))
    code, out, err = run_cli(tmp_path, jsonl(GOOD, OVERBILLED, GOOD, GOOD, GOOD), "--json", "--jobs", "1")
    assert code == 4 and len(out.splitlines()) == 2
    assert err.count("\n") == 1 and "Traceback" not in err and words in err
    assert "aborted, results incomplete: 2 inputs checked, 2 written" in err


def many(count: int) -> str:
    return jsonl(*[GOOD] * count)


@pytest.mark.e2e
def test_a_full_disk_aborts_with_exit_4_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(many(50))
    with open("/dev/full", "w") as full:
        done = subprocess.run([*CLI, str(path), "--json", "--jobs", "1"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60, check=False)
    assert done.returncode == 4, done.stderr
    assert done.stderr.count("\n") == 1 and "output cannot be written" in done.stderr and "0 written" in done.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_head_1_gives_no_traceback(tmp_path: Path, jobs: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(many(6000))
    run = subprocess.Popen([*CLI, str(path), "--json", "--jobs", jobs], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    assert run.stdout is not None and run.stdout.readline()
    run.stdout.close()
    _, err = run.communicate(timeout=120)
    assert b"Traceback" not in err and b"Exception ignored" not in err and run.returncode in (0, 4), err


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the worker through /proc")
def test_a_killed_worker_aborts_with_exit_4(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(many(60_000))
    run = subprocess.Popen([*CLI, str(path), "--json", "--jobs", "2"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(workers := children(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(workers[-1], signal.SIGKILL)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 4, err
    assert err.count("\n") == 1 and "a worker process died" in err and "Traceback" not in err
    checked = int(err.split("results incomplete: ")[1].split(" ")[0])
    assert 0 <= checked < 60_000


def test_json_output_lines_are_whole_objects_up_to_the_abort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cpt97124_mcp.tools.validate_claim_line.check_line", failing_after(3, RuntimeError("x")))
    code, out, _ = run_cli(tmp_path, many(10), "--json", "--jobs", "1")
    assert code == 4 and [json.loads(line)["valid"] for line in out.splitlines()] == [True] * 3


def rows_of(text: str | bytes) -> list[tuple[int, Any, Any]]:
    from test_batch_input import records

    return [(number, line, value if field is None else field) for number, line, value, field in records(text)]


HEAD = "code,units,modifiers\n"


@pytest.mark.parametrize(("body", "expected"), [
    # a stray quote opens a cell that never closes: its line is an error, the rows after it are still read
    ('97124,2,"GP\n97110,1,GP\n97140,1,GP\n97530,1,GP\n97112,1,GP\n97116,1,GP\n97150,1,GP\n',
     [(1, 2, "row"), (2, 3, "97110"), (3, 4, "97140"), (4, 5, "97530"), (5, 6, "97112"), (6, 7, "97116"),
      (7, 8, "97150")]),
    ('97124,2,"GP\n97110,1,GP\n', [(1, 2, "row"), (2, 3, "97110")]),  # the quote is open at the end of input
    ('97124,"2"x,GP\n97110,1,GP\n', [(1, 2, "row"), (2, 3, "97110")]),  # text after a closing quote
    ('97124,2,GP"\n97110,1,GP"\n97140,1,GP\n', [(1, 3, "row"), (2, 4, "97140")]),  # two stray quotes
    ('97124,2,"GP\nKX"\n97110,1,GP\n', [(1, 3, "97124"), (2, 4, "97110")]),  # a quoted line break: one record
    (f'97124,2,{"G" * 200_000}\n97110,1,GP\n', [(1, 2, "row"), (2, 3, "97110")]),  # over the csv field limit
    (f'97124,2,"{"G" * 200_000}"\n97110,1,GP\n', [(1, 2, "row"), (2, 3, "97110")]),
    (f'97124,2,{"G" * 1_100_000}\n97110,1,GP\n', [(1, 2, "input"), (2, 3, "97110")]),  # over the record size
])
def test_csv_faults_are_errors_of_their_rows_and_the_rows_after_them_are_checked(
        body: str, expected: list[tuple[int, int, str]]) -> None:
    found = [(n, line, value["code"] if isinstance(value, dict) else value) for n, line, value in rows_of(HEAD + body)]
    assert found == expected


def test_a_line_over_the_record_size_is_an_error_and_not_held(tmp_path: Path) -> None:
    from cpt97124_mcp.cli.batch_input import MAX_RECORD_BYTES, CountingReader

    data = b'{"code": "' + b"9" * (5 * MAX_RECORD_BYTES) + b'"}\n{"code": "97124"}\n'
    lines = list(CountingReader(__import__("io").BytesIO(data)))
    assert [len(line) for line in lines] == [MAX_RECORD_BYTES + 1, len(b'{"code": "97124"}\n')]
    assert rows_of(data) == [(1, 1, "input"), (2, 2, {"code": "97124"})]


@pytest.mark.parametrize("text", ['{\n"line": {"code": "' + "9" * (2 << 20), '[{"code": "' + "9" * (2 << 20)])
def test_a_json_document_that_never_closes_is_refused_at_the_record_size(text: str) -> None:
    from cpt97124_mcp.cli.batch_input import UnusableInput

    with pytest.raises(UnusableInput, match="maximum record size"):
        rows_of(text)


def test_the_worker_window_is_bounded_in_bytes_as_well_as_records(monkeypatch: pytest.MonkeyPatch) -> None:
    from cpt97124_mcp.cli import validate as cli_validate
    from cpt97124_mcp.cli.batch_input import Record

    big = (Record(n, n, b"{}", size=1 << 20) for n in range(1, 100))
    blocks = list(cli_validate.batched(iter(big)))
    assert [len(b) for b in blocks[:2]] == [4, 4] and sum(map(len, blocks)) == 99


@pytest.mark.e2e
@pytest.mark.parametrize("shape", ["line", "object"])
def test_a_line_of_hundreds_of_megabytes_costs_bounded_memory(shape: str) -> None:
    import resource

    opening = {"line": "{", "object": '{\n"line": "'}[shape]
    feeder = (f"printf '%s' '{opening}'; head -c 300000000 /dev/zero | tr '\\0' 'a'; "
              f"printf '\\n{json.dumps(GOOD)}\\n'")
    done = subprocess.run(f"({feeder}) | {' '.join(CLI)} - --json", shell=True, capture_output=True, text=True,
                          timeout=120, check=False)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert "Traceback" not in done.stderr and peak_mib < 200, (peak_mib, done.stderr)
    if shape == "line":  # the long line is an error; the line after it is checked
        assert done.returncode == 1 and "maximum record size" in done.stdout and '"valid":true' in done.stdout
    else:
        assert done.returncode == 2 and "maximum record size" in done.stderr


def test_a_json_array_on_one_line_longer_than_the_record_size_is_still_read_item_by_item() -> None:
    items = [{"code": "97124", "units": n} for n in range(60_000)]
    text = json.dumps(items)
    assert len(text) > 1 << 20
    found = rows_of(text)
    assert len(found) == 60_000 and found[-1][2] == items[-1]
