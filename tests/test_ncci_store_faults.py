"""The NCCI store under faults (issue 13, part 1): readers answer from the previous complete tables while an
import runs, a killed import loses nothing, and a store that cannot be read is an error, never "not imported"."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.ncci import NcciStoreError, default_db_path, import_mue, import_ptp, open_tables, store_status
from cpt97124_mcp.rules.ncci import store as store_module

from cms_files import MUE_ROWS, PTP_ROWS, mue_text, ptp_text, synthetic_ptp_rows

PTP_PAIR_LINE = {"line": {"code": "97124", "units": 1, "minutes": 15, "modifiers": ["GP"]},
                 "other_lines": [{"code": "97530", "units": 1, "minutes": 15, "modifiers": ["GP"]}],
                 "date_of_service": "2025-03-01"}  # 97530/97124: a PTP pair with indicator 0 in PTP_ROWS


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "store"))
    path = default_db_path()
    import_ptp([ptp_text(tmp_path / "ccipra-v321r0-f1.txt")])
    import_mue(mue_text(tmp_path / "mue.txt"))
    return path


def one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err and all(w in err for w in words), err


@pytest.mark.parametrize("command", [["data", "status"], ["data", "import-mue", "MUE"], ["validate", "LINE"]])
def test_a_data_dir_that_is_a_file_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "afile"))
    line = tmp_path / "line.json"
    line.write_text(json.dumps(PTP_PAIR_LINE))
    files = {"MUE": str(mue_text(tmp_path / "mue.txt")), "LINE": str(line)}
    one_line_exit_2([files.get(word, word) for word in command], capsys, "afile")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_data_dir_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ro").mkdir(mode=0o555)
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "ro"))
    one_line_exit_2(["data", "import-mue", str(mue_text(tmp_path / "mue.txt"))], capsys, "ro")


def test_a_locked_store_is_an_error_not_an_empty_store(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(store_module, "READ_TIMEOUT_S", 0.1)
    store_module.forget_open_tables()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert "locked" in (store_status().problem or "")
        one_line_exit_2(["data", "status"], capsys, "locked")
    finally:
        holder.close()
    assert store_status().ptp is not None


def test_a_lookup_that_fails_is_an_error(db: Path) -> None:
    tables = open_tables()
    tables._connection.close()  # type: ignore[union-attr]  # what a vanished or damaged file does mid-run
    with pytest.raises(NcciStoreError, match="cannot be read"):
        tables.mue("97124")


def test_the_mcp_tools_answer_a_damaged_store_with_an_error_naming_it(db: Path) -> None:
    from mcp.client import Client

    from cpt97124_mcp.server.app import build_server

    db.write_bytes(b"damaged" * 1000)

    async def call() -> tuple[bool, str]:
        async with Client(build_server()) as client:
            result = await client.call_tool("validate_claim_line", PTP_PAIR_LINE)
            return result.is_error, " ".join(getattr(c, "text", "") for c in result.content)

    is_error, text = anyio.run(call)
    assert is_error and str(db) in text and "not imported" not in text


def big_ptp(tmp_path: Path, rows: int = 300_000) -> Path:
    return ptp_text(tmp_path / "ccipra-v322r0-f1.txt", [*PTP_ROWS, *synthetic_ptp_rows(rows)])


def start_import(file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cpt97124_mcp.cli.main", "data", "import-ptp", str(file)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def assert_previous_tables(db: Path) -> None:
    status = store_status()
    assert status.problem is None and status.ptp is not None and status.mue is not None, status
    assert (status.ptp.rows, status.ptp.label, status.mue.rows) == (len(PTP_ROWS), "v32.1r0", len(MUE_ROWS))
    assert open_tables().ptp("97530", "97124", __import__("datetime").date(2025, 3, 1)) is not None


@pytest.mark.e2e
def test_kill_9_at_any_point_of_an_import_leaves_the_previous_tables_and_the_next_import_succeeds(
        tmp_path: Path, db: Path) -> None:
    file = big_ptp(tmp_path)
    for delay in (0.2, 0.6, 1.0, 1.5, 2.0):
        importer = start_import(file)
        time.sleep(delay)
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        if importer.returncode == 0:
            break  # the import finished before the kill: the new tables are in place
        assert_previous_tables(db)
    importer = start_import(file)
    assert importer.wait(timeout=60) == 0, importer.stderr.read()  # type: ignore[union-attr]
    status = store_status()
    assert status.ptp is not None and status.ptp.rows == 300_000 + len(PTP_ROWS) and status.mue is not None
    assert not (db.parent / "ncci.sqlite3.new").exists()


@pytest.mark.e2e
def test_validate_while_an_import_runs_answers_from_the_previous_tables_at_full_speed(
        tmp_path: Path, db: Path) -> None:
    line = tmp_path / "line.json"
    line.write_text(json.dumps(PTP_PAIR_LINE))
    importer = start_import(big_ptp(tmp_path))
    try:
        time.sleep(0.8)  # the importer is inserting rows
        for _ in range(3):
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "cpt97124_mcp.cli.main", "validate", str(line), "--json"],
                                 capture_output=True, text=True, timeout=30)
            assert run.returncode == 1, run.stderr  # the PTP error is found: the previous tables answer
            assert "ncci.ptp" in run.stdout and time.perf_counter() - start < 4
            assert store_status().ptp.rows == len(PTP_ROWS)  # type: ignore[union-attr]
        assert importer.poll() is None  # the import was running all along
    finally:
        assert importer.wait(timeout=60) == 0
    assert store_status().ptp.rows == 300_000 + len(PTP_ROWS)  # type: ignore[union-attr]


def test_an_import_over_a_damaged_store_says_so_and_a_second_import_waits_its_turn(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    mue = str(mue_text(tmp_path / "mue2.txt"))
    with open(db.with_name(db.name + ".lock"), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        one_line_exit_2(["data", "import-mue", mue], capsys, "another import", "is running")
    db.write_bytes(b"damaged" * 1000)
    one_line_exit_2(["data", "import-mue", mue], capsys, "cannot be read", "move it away")
