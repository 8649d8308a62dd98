"""Import of the CMS NCCI tables in their published formats, atomicity, dated lookups, status and the data CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.ncci import (
    NcciFileError,
    NcciStoreError,
    default_db_path,
    import_mue,
    import_ptp,
    open_tables,
    store_status,
)

from cms_files import MUE_ROWS, PTP_ROWS, mue_text, mue_xlsx, ptp_text, ptp_xlsx, zip_of


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "store"))
    return default_db_path()


def ptp_files(tmp_path: Path, kind: str) -> list[Path]:
    half = len(PTP_ROWS) // 2
    if kind == "tab":
        return [ptp_text(tmp_path / "ccipra-v321r0-f1.txt", PTP_ROWS[:half]),
                ptp_text(tmp_path / "ccipra-v321r0-f2.txt", PTP_ROWS[half:])]
    if kind == "csv":  # with a blank row among the data
        return [ptp_text(tmp_path / "ptp.csv", [*PTP_ROWS[:2], [], *PTP_ROWS[2:]], delimiter=",")]
    if kind == "xlsx":
        return [ptp_xlsx(tmp_path / "ccipra-v321r0-f1.xlsx", PTP_ROWS[:half]),
                ptp_xlsx(tmp_path / "ccipra-v321r0-f2.xlsx", PTP_ROWS[half:])]
    members = [ptp_xlsx(tmp_path / "ccipra-v321r0-f1.xlsx", PTP_ROWS[:half]),
               ptp_text(tmp_path / "ccipra-v321r0-f2.txt", PTP_ROWS[half:])]
    return [zip_of(tmp_path / "medicare-ptp-v321r0.zip", members)]


@pytest.mark.parametrize("kind", ["tab", "csv", "xlsx", "zip"])
def test_ptp_import_in_every_published_format(tmp_path: Path, db: Path, kind: str) -> None:
    report = import_ptp(ptp_files(tmp_path, kind))
    assert report.rows == len(PTP_ROWS) and report.db_path == str(db)
    assert (report.skipped == ["medicare-ptp-v321r0.zip[NCCI_disclaimer.pdf]"]) == (kind == "zip")
    tables = open_tables()
    edit = tables.ptp("98940", "97124", date(2025, 3, 1))
    assert edit is not None and edit.modifier_indicator == 1 and edit.prior_1996 and edit.deletion is None
    assert tables.ptp("97530", "97124", date(2025, 3, 1)).modifier_indicator == 0  # type: ignore[union-attr]
    assert tables.ptp("97124", "98940", date(2025, 3, 1)) is None  # order matters: column 1, column 2


@pytest.mark.parametrize("kind", ["tab", "csv", "xlsx", "zip"])
def test_mue_import_in_every_published_format(tmp_path: Path, db: Path, kind: str) -> None:
    path = {"tab": lambda: mue_text(tmp_path / "mue.txt"), "csv": lambda: mue_text(tmp_path / "mue.csv", delimiter=","),
            "xlsx": lambda: mue_xlsx(tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.xlsx"),
            "zip": lambda: zip_of(tmp_path / "mue.zip", [mue_xlsx(tmp_path / "m.xlsx")])}[kind]()
    report = import_mue(path)
    assert report.rows == len(MUE_ROWS)
    value = open_tables().mue("97124")
    assert value is not None and (value.value, value.mai) == (4, 3) and "Clinical" in value.mai_text
    if kind == "xlsx":
        assert report.label == "effective 2026-01-01"


@pytest.mark.parametrize(("day", "in_force"), [
    (date(2019, 12, 31), False),  # before the effective date
    (date(2020, 1, 1), True),     # from the effective date
    (date(2020, 12, 31), True),
    (date(2021, 1, 1), False),    # from the deletion date on, the edit no longer applies
])
def test_lookups_honour_effective_and_deletion_dates(tmp_path: Path, db: Path, day: date, in_force: bool) -> None:
    import_ptp([ptp_text(tmp_path / "ptp.txt")])
    assert (open_tables().ptp("97110", "97124", day) is not None) == in_force


MALFORMED = [  # (row replacing a good one, words the error must contain)
    (["98940", "97124", "", "20200101", "*", "7", "x"], "modifier indicator '7'"),
    (["9894", "97124", "", "20200101", "*", "1", "x"], "column 1 '9894'"),
    (["98940", "97124", "", "2020-13-45", "*", "1", "x"], "2020-13-45"),
    (["98940", "97124", "?", "20200101", "*", "1", "x"], "existence flag '?'"),
    (["98940", "97124", "", "", "*", "1", "x"], "effective date is missing"),
]


@pytest.mark.parametrize(("bad_row", "words"), MALFORMED)
def test_malformed_file_leaves_previous_tables_and_names_the_line(tmp_path: Path, db: Path, bad_row: list[str],
                                                                  words: str) -> None:
    import_ptp([ptp_text(tmp_path / "good.txt")])
    before = store_status().ptp
    bad = ptp_text(tmp_path / "bad.txt", [*PTP_ROWS[:2], bad_row, *PTP_ROWS[3:]])
    with pytest.raises(NcciFileError) as caught:
        import_ptp([ptp_text(tmp_path / "other.txt"), bad])
    assert "bad.txt, line 8" in str(caught.value) and words in str(caught.value)
    assert store_status().ptp == before
    assert open_tables().ptp("98940", "97124", date(2025, 1, 1)) is not None


def test_reimport_replaces_the_table_and_status_reports_the_release(tmp_path: Path, db: Path) -> None:
    import_ptp([ptp_text(tmp_path / "ccipra-v320r0-f1.txt")])
    import_ptp([ptp_text(tmp_path / "ccipra-v321r0-f1.txt", PTP_ROWS[:1])])
    status = store_status()
    assert status.ptp is not None and (status.ptp.rows, status.ptp.label) == (1, "v32.1r0")
    assert status.ptp.files == ("ccipra-v321r0-f1.txt",) and status.mue is None
    assert open_tables().ptp("97530", "97124", date(2025, 1, 1)) is None


@pytest.mark.parametrize(("content", "words"), [
    ("just a notice\nno header here\n", "no header row"),
    ("\t".join(["Column 1", "Column 2", "Effective Date", "Deletion Date", "Modifier"]) + "\n", "no data rows"),
])
def test_files_without_header_or_rows_are_refused(tmp_path: Path, db: Path, content: str, words: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NcciFileError, match=words):
        import_ptp([path])
    assert store_status().ptp is None


def test_header_variants_are_accepted(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "variant.csv"
    path.write_text("Col 1,Col 2,In existence prior to 1996,Effective_Date,Deletion_Date,Modifier Indicator\n"
                    "98940,97124,*,1/1/1996,*,1\n", encoding="utf-8")
    assert import_ptp([path]).rows == 1
    mue = tmp_path / "mue-variant.txt"
    mue.write_text("HCPCS/CPT Code\tDME Supplier Services MUE Values\tMAI\n97124\t4\t3\n", encoding="utf-8")
    assert import_mue(mue).rows == 1 and open_tables().mue("97124").value == 4  # type: ignore[union-attr]


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path))
    assert default_db_path() == tmp_path / "ncci.sqlite3"
    monkeypatch.delenv("CPT97124_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path().parent.name == "cpt97124-mcp"


def test_cli_import_status_and_bad_input(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "status"]) == 0
    assert "PTP: not imported" in capsys.readouterr().out
    assert main(["data", "import-ptp", str(ptp_text(tmp_path / "ccipra-v321r0-f1.txt"))]) == 0
    assert "Imported 5 PTP rows (release v32.1r0)" in capsys.readouterr().out
    assert main(["data", "import-mue", str(mue_text(tmp_path / "mue.txt")), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == len(MUE_ROWS)
    assert main(["data", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["ptp"]["rows"] == 5 and status["mue"]["rows"] == 3
    bad = ptp_text(tmp_path / "bad.txt", [["98940", "97124", "", "20200101", "*", "5", ""]])
    assert main(["data", "import-ptp", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.txt, line 6" in err and "Traceback" not in err
    (tmp_path / "bad.txt").write_text("a notice only\n", encoding="utf-8")
    no_header = zip_of(tmp_path / "odd.zip", [tmp_path / "bad.txt"], notice_pdf=False)
    assert main(["data", "import-mue", str(no_header)]) == 2
    assert "odd.zip[bad.txt]: no header row" in capsys.readouterr().err
    assert main(["data", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mue"]["rows"] == 3  # the failed imports changed nothing
    assert main(["data", "import-mue", str(tmp_path / "missing.zip")]) == 2
    assert "missing.zip" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["data", "import-ptp"])
    assert usage.value.code == 2


def test_an_unreadable_store_is_an_error_never_not_imported(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not a database at all" * 100)
    status = store_status()
    assert status.ptp is None and status.problem and str(db) in status.problem and "not a database" in status.problem
    with pytest.raises(NcciStoreError, match="cannot be read"):
        open_tables()
    assert main(["data", "status"]) == 2
    captured = capsys.readouterr()
    assert "not imported" not in captured.out + captured.err and "delete" not in captured.err
    assert len(captured.err.splitlines()) == 1 and "not a database" in captured.err


def test_an_import_keeps_the_other_table_and_leaves_no_temporary_file(tmp_path: Path, db: Path) -> None:
    import_ptp([ptp_text(tmp_path / "ccipra-v320r0-f1.txt")])
    import_mue(mue_text(tmp_path / "mue.txt"))
    import_ptp([ptp_text(tmp_path / "ccipra-v321r0-f1.txt", PTP_ROWS[:2])])
    status = store_status()
    assert status.ptp is not None and status.ptp.rows == 2 and status.mue is not None and status.mue.rows == 3
    assert open_tables().mue("97124") is not None
    assert sorted(p.name for p in db.parent.iterdir()) == ["ncci.sqlite3", "ncci.sqlite3.lock"]
