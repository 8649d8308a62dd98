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
    assert 0 < checked < 60_000


def test_json_output_lines_are_whole_objects_up_to_the_abort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cpt97124_mcp.tools.validate_claim_line.check_line", failing_after(3, RuntimeError("x")))
    code, out, _ = run_cli(tmp_path, many(10), "--json", "--jobs", "1")
    assert code == 4 and [json.loads(line)["valid"] for line in out.splitlines()] == [True] * 3
