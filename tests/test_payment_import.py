"""``data import-pfs``: a synthetic RVU ZIP in the CMS layout (notice rows, a header of several rows, one row per
code) is imported atomically; descriptors are never stored; estimate_payment then prices that year."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.payment import PaymentLine, estimate_payment
from cpt97124_mcp.rules.payment.pfs_import import PfsFileError, import_pfs, imported_year, pfs_path

DESCRIPTOR = "SYNTHETIC DESCRIPTOR TEXT"


def rvu_row(code: str, status: str, work: str, pe: str, mp: str, mult: str, mod: str = "") -> str:
    cells = [code, mod, DESCRIPTOR, status, "", work, pe, "", pe, "NA", mp, "", "", "0", "XXX", "", "", "", mult,
             "0", "0", "0", "0", "", "33.4009", "09", "", "", "", "", ""]
    return ",".join(cells)


def write_zip(path: Path, rows: list[str], gpci: bool = True) -> Path:
    notice = ["2026 NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE,,,", "RELEASED 11/01/2025,,,",
              ",,NON-FAC,", "HCPCS,MOD,DESCRIPTION,CODE"]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("PPRRVU26_JAN_nonQPP.csv", "\n".join(notice + rows) + "\n")
        if gpci:
            archive.writestr("GPCI2026.csv", "ADDENDUM E,,,,,,\nMAC,State,Locality,Name,PW,PE,MP\n"
                                             "13202,NY,01,MANHATTAN,1.1,1.2,1.7\n10112,AL,00,ALABAMA,1,0.9,0.6\n")
    return path


ROWS = [rvu_row("97110", "A", "0.50", "0.40", "0.02", "5"), rvu_row("97530", "A", "0.50", "0.60", "0.02", "5"),
        rvu_row("97110", "A", "0.50", "0.40", "0.02", "5", mod="26"),
        rvu_row("99213", "A", "1.30", "1.00", "0.10", "0"),
        rvu_row("97010", "B", "", "", "", "5")]


def test_import_keeps_therapy_codes_drops_descriptors_and_prices_the_year(tmp_path: Path) -> None:
    report = import_pfs(write_zip(tmp_path / "RVU26A.zip", ROWS), tmp_path)
    assert (report.year, report.release, report.codes, report.localities) == (2026, "RVU26A", 3, 2)
    stored = pfs_path(2026, tmp_path).read_text(encoding="utf-8")
    assert DESCRIPTOR not in stored and "99213" not in stored
    year = imported_year(2026, tmp_path)
    assert year is not None
    day = date(2026, 6, 2)
    lines = (PaymentLine("97530", 1), PaymentLine("97110", 1), PaymentLine("97010", 1))
    result = estimate_payment(lines, day, None, year)
    # 97530 in full: 1.12 x 33.4009 = 37.41; 97110 MPPR: (0.50 + 0.20 + 0.02) x 33.4009 = 24.05
    assert result.status == "clean" and result.allowed_total == 61.46
    assert "status B" in (result.lines[2].not_paid or "") and "RVU26A" in result.data_version
    assert estimate_payment(lines[:1], day, "13202-01", year).gpci_pe == 1.2


def test_a_bad_file_leaves_the_previous_import(tmp_path: Path) -> None:
    import_pfs(write_zip(tmp_path / "RVU26A.zip", ROWS), tmp_path)
    before = pfs_path(2026, tmp_path).read_text(encoding="utf-8")
    with pytest.raises(PfsFileError, match="no therapy codes"):
        import_pfs(write_zip(tmp_path / "RVU26B.zip", [rvu_row("99213", "A", "1", "1", "0.1", "0")]), tmp_path)
    with pytest.raises(PfsFileError, match="not a CMS PFS"):
        import_pfs(tmp_path / "notes.zip", tmp_path)
    assert pfs_path(2026, tmp_path).read_text(encoding="utf-8") == before
    assert not list(tmp_path.glob("*.tmp"))


def test_cli_import_pfs_then_estimate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path))
    archive = write_zip(tmp_path / "RVU26A.zip", ROWS, gpci=False)
    assert main(["data", "import-pfs", str(archive), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["codes"] == 3
    assert main(["estimate", "97530", "97110", "--date", "2026-06-02", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["allowed_total"] == 61.46
    assert main(["estimate", "97530", "--date", "2026-06-02", "--locality", "13202-01"]) == 3  # no 2026 GPCIs
    assert main(["data", "import-pfs", str(tmp_path / "missing.zip")]) == 2
