"""Write small NCCI files in the layouts CMS publishes (for tests and bench/bench_import.py).

The rows are synthetic, shaped like the CMS practitioner PTP and MUE tables: they are NOT CMS values.
Layouts: notice rows above the header, the PTP header spread over several rows (text files), tab-delimited
text, CSV, .xlsx (openpyxl) and a ZIP holding the code-range files plus a PDF notice.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path

from openpyxl import Workbook

from cpt97124_mcp.rules.ncci import NcciTables, import_mue, import_ptp, open_tables

NOTICE = ["CPT codes, descriptions and other data only are copyright American Medical Association. All Rights "
          "Reserved. Applicable FARS/HHSARS apply.", "Column1/Column2 Edits"]
PTP_HEADER = ["Column 1", "Column 2", "*=in existence prior to 1996", "Effective Date", "Deletion Date *=no data",
              "Modifier 0=not allowed 1=allowed 9=not applicable", "PTP Edit Rationale"]
PTP_HEADER_CONTINUATION = ["", "", "", "", "*=no data", "0=not allowed 1=allowed 9=not applicable", ""]
MUE_HEADER = ["HCPCS/CPT Code", "Practitioner Services MUE Values", "MUE Adjudication Indicator", "MUE Rationale"]

# Synthetic edits used by the validation tests (column 1, column 2, existence, effective, deletion, indicator, why)
PTP_ROWS = [
    ["98940", "97124", "*", "19960101", "*", "1", "Misuse of column two code with column one code"],
    ["98941", "97124", "", "20000101", "*", "1", "Misuse of column two code with column one code"],
    ["97530", "97124", "", "20200101", "*", "0", "Mutually exclusive procedures"],
    ["97110", "97124", "", "20200101", "20210101", "1", "Standards of medical / surgical practice"],
    ["97124", "97164", "", "20200101", "*", "1", "Standards of medical / surgical practice"],
]
MUE_ROWS = [
    ["97124", "4", "3 Date of Service Edit: Clinical", "Clinical: Data"],
    ["97110", "6", "3 Date of Service Edit: Clinical", "Clinical: Data"],
    ["98940", "1", "2 Date of Service Edit: Policy", "Nature of Service/Procedure"],
]


def _text(path: Path, rows: Iterable[Sequence[str]], delimiter: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerows(rows)
    return path


def ptp_text(path: Path, rows: Iterable[Sequence[str]] = PTP_ROWS, delimiter: str = "\t") -> Path:
    """A PTP text file: notice rows, a blank row, the header over two rows, then the data (streamed)."""
    return _text(path, chain([[NOTICE[0]], [NOTICE[1]], [], PTP_HEADER, PTP_HEADER_CONTINUATION], rows), delimiter)


def mue_text(path: Path, rows: Iterable[Sequence[str]] = MUE_ROWS, delimiter: str = "\t") -> Path:
    return _text(path, [[NOTICE[0]], MUE_HEADER, *rows], delimiter)


def imported_tables(folder: Path) -> NcciTables:
    """The synthetic PTP and MUE tables imported into a store in ``folder``, opened."""
    db = folder / "ncci.sqlite3"
    import_ptp([ptp_text(folder / "ccipra-v321r0-f1.txt")], db)
    import_mue(mue_text(folder / "mue.txt"), db)
    return open_tables(db)


def _xlsx(path: Path, rows: Iterable[Sequence[object]]) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def ptp_xlsx(path: Path, rows: Iterable[Sequence[str]] = PTP_ROWS) -> Path:
    """A PTP spreadsheet: a notice row, the header (one row, line breaks in cells), dates as numbers."""
    header = [h.replace(" *", "\n*").replace(" 0=", "\n0=") for h in PTP_HEADER]
    data = ([int(r[0]) if r[0].isdigit() else r[0], r[1], r[2] or None, int(r[3]),
             int(r[4]) if r[4] != "*" else "*", int(r[5]), r[6]] for r in rows)
    return _xlsx(path, [[NOTICE[0]], [], header, *data])


def mue_xlsx(path: Path, rows: Iterable[Sequence[str]] = MUE_ROWS) -> Path:
    return _xlsx(path, [[NOTICE[0]], MUE_HEADER, *([r[0], int(r[1]), r[2], r[3]] for r in rows)])


def zip_of(path: Path, members: Sequence[Path], notice_pdf: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            archive.write(member, member.name)
        if notice_pdf:
            archive.writestr("NCCI_disclaimer.pdf", b"%PDF-1.4 not a table")
    return path


def synthetic_ptp_rows(count: int) -> Iterator[list[str]]:
    """``count`` distinct PTP rows in the CMS layout (for the import benchmark)."""
    for i in range(count):
        yield [f"{10000 + i // 1000:05d}", f"{i % 1000 + 20000:05d}", "*" if i % 7 == 0 else "",
               "20200101", "*" if i % 5 else "20240101", str(i % 2), "Standards of medical / surgical practice"]
