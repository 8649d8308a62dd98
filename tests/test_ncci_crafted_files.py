"""Imports of crafted files (issue 13, part 5): a corrupt, truncated or misnamed ZIP or .xlsx is exit 2 with one
line naming the file; decompression bombs and absurd lines are refused while reading, in bounded time."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.rules.ncci import readers

from cms_files import ptp_text, ptp_xlsx, zip_of


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPT97124_DATA_DIR", str(tmp_path / "store"))


def crafted(tmp_path: Path, kind: str) -> Path:
    good_zip = zip_of(tmp_path / "good.zip", [ptp_text(tmp_path / "ccipra-v321r0-f1.txt")])
    good_xlsx = ptp_xlsx(tmp_path / "good.xlsx")
    if kind == "corrupt.zip":
        (tmp_path / kind).write_bytes(b"PK\x03\x04" + b"\x00garbage" * 500)
    elif kind == "truncated.zip":
        (tmp_path / kind).write_bytes(good_zip.read_bytes()[:200])
    elif kind == "text-named.zip":
        (tmp_path / kind).write_text("just some text\n")
    elif kind == "truncated.xlsx":
        (tmp_path / kind).write_bytes(good_xlsx.read_bytes()[:-300])
    elif kind == "text-named.xlsx":
        (tmp_path / kind).write_text("Column 1\tColumn 2\n")
    elif kind == "zip-not-workbook.xlsx":
        (tmp_path / kind).write_bytes(good_zip.read_bytes())
    elif kind == "bomb.zip":
        with zipfile.ZipFile(tmp_path / kind, "w", zipfile.ZIP_DEFLATED) as archive, \
                archive.open("ptp.txt", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(b"\t" * (1 << 20))
    elif kind == "long-line.txt":
        (tmp_path / kind).write_bytes(b"x" * (50 << 20))
    elif kind == "long-line.zip":
        with zipfile.ZipFile(tmp_path / kind, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("ptp.txt", b"Column 1\tColumn 2\n" + b"9" * (8 << 20) + b"\n")
    return tmp_path / kind


@pytest.mark.parametrize("kind", ["corrupt.zip", "truncated.zip", "text-named.zip", "truncated.xlsx",
                                  "text-named.xlsx", "zip-not-workbook.xlsx", "bomb.zip", "long-line.txt",
                                  "long-line.zip"])
def test_a_crafted_file_is_one_line_exit_2_naming_it(tmp_path: Path, kind: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = crafted(tmp_path, kind)
    started = time.monotonic()
    assert main(["data", "import-ptp", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and kind in err and "Traceback" not in err, err
    assert time.monotonic() - started < 5
    assert main(["data", "status"]) == 0


def test_the_bomb_limits_are_checked_before_reading(tmp_path: Path) -> None:
    path = crafted(tmp_path, "bomb.zip")
    assert path.stat().st_size < 200_000
    with pytest.raises(readers.NcciFileError, match="decompression bomb"):
        list(readers.row_sources(path, []))
