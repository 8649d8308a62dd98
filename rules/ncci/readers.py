"""Reading the CMS NCCI files as a user downloads them: rows from ZIP / .xlsx / tab or CSV text.

- A ZIP may hold several table files (the practitioner PTP table comes split by code range, f1..f4); each
  .xlsx, .txt, .tsv or .csv member is read, other members (PDF notices) are skipped and listed.
- .xlsx is streamed with openpyxl in read-only mode; text is read line by line (tab if the header has tabs).
- Notice rows above the header are skipped: the header is the first row naming the required columns, in any
  of CMS's wordings (e.g. "Column 1", "*=in existence prior to 1996", "Deletion Date *=no data",
  "Modifier 0=not allowed 1=allowed 9=not applicable"; "HCPCS/CPT Code", "Practitioner Services MUE
  Values", "MUE Adjudication Indicator", "MUE Rationale").

Every problem raises ``NcciFileError`` naming the file (and member, sheet) and the line; a file that is not
what its name says (a corrupt, truncated or misnamed ZIP or .xlsx) too. Crafted files cost bounded time and
memory: a ZIP or .xlsx whose members would expand to more than MAX_UNCOMPRESSED_BYTES, or a member over
RATIO_FLOOR bytes expanding more than MAX_RATIO times (a decompression bomb), is refused before it is read (the
``zipfile`` module never reads a member past its declared size), and a text line over MAX_LINE_CHARS is
refused as it is read.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = (".txt", ".tsv", ".csv")
HEADER_SEARCH_ROWS = 100
MAX_UNCOMPRESSED_BYTES = 4 << 30  # the practitioner PTP tables are a few hundred MB of text
MAX_RATIO = 200  # CMS's text and .xlsx files compress about 5 to 20 times
RATIO_FLOOR = 16 << 20
MAX_LINE_CHARS = 1 << 16  # a table row is about 100 characters
CODE_RE = re.compile(r"^[A-Z0-9]{5}$")


class NcciFileError(ValueError):
    """A file that cannot be imported; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class RowSource:
    """The rows of one table file: ``rows`` yields (line number, cells)."""

    name: str
    rows: Iterator[tuple[int, list[Any]]]
    unit: str = "line"  # "line" for text, "row" for spreadsheets


def _bounded_lines(stream: io.TextIOBase, name: str) -> Iterator[str]:
    """The lines of ``stream``; a line over MAX_LINE_CHARS raises (it is never read whole)."""
    number = 0
    while line := stream.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise NcciFileError(f"{name}, line {number}: over {MAX_LINE_CHARS:,} characters (not a CMS table file)")
        yield line


def _text_rows(stream: io.TextIOBase, name: str) -> Iterator[tuple[int, list[Any]]]:
    """CSV records with their line numbers; tab-delimited if any of the first rows (notices, header) has a tab."""
    lines = _bounded_lines(stream, name)
    head = list(islice(lines, HEADER_SEARCH_ROWS))
    delimiter = "\t" if any("\t" in line for line in head) else ","
    reader = csv.reader(chain(head, lines), delimiter=delimiter)
    for cells in reader:
        yield reader.line_num, cells


def _open_zip(path: Path, name: str, kind: str) -> zipfile.ZipFile:
    """The archive at ``path``, its declared sizes checked against the bomb limits."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise NcciFileError(f"{name}: not a readable {kind} file ({exc})") from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            archive.close()
            ratio = info.file_size // max(info.compress_size, 1)
            raise NcciFileError(f"{name}[{info.filename}]: would expand {ratio:,} times to {info.file_size:,} bytes "
                                "(a decompression bomb?); refused")
    if total > MAX_UNCOMPRESSED_BYTES:
        archive.close()
        raise NcciFileError(f"{name}: would expand to {total:,} bytes, over {MAX_UNCOMPRESSED_BYTES:,}; refused")
    return archive


def _xlsx_rows(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    _open_zip(path, name, ".xlsx").close()
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise NcciFileError(f"{name}: not a readable .xlsx file ({type(exc).__name__}: {str(exc)[:120]})") from None
    try:
        for sheet in workbook.worksheets:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                yield number, list(cells)
    finally:
        workbook.close()


def _zip_sources(path: Path, skipped: list[str]) -> Iterator[RowSource]:
    with _open_zip(path, path.name, "ZIP") as archive:
        for member in sorted(archive.namelist()):
            name = f"{path.name}[{member}]"
            suffix = Path(member).suffix.lower()
            if member.endswith("/"):
                continue
            if suffix == ".xlsx":
                with tempfile.TemporaryDirectory() as tmp:
                    target = Path(tmp) / "member.xlsx"
                    with archive.open(member) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst)
                    yield RowSource(name, _xlsx_rows(target, name), "row")
            elif suffix in TEXT_SUFFIXES:
                with archive.open(member) as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
                    yield RowSource(name, _text_rows(text, name))
            else:
                skipped.append(name)


def _read_faults_named(name: str, items: Iterator[Any]) -> Iterator[Any]:
    """``items``, with any fault of reading (a truncated or corrupt archive, a bad CSV line, an .xlsx openpyxl
    cannot parse) raised as ``NcciFileError`` naming ``name``."""
    try:
        yield from items
    except NcciFileError:
        raise
    except Exception as exc:  # zipfile, zlib, csv and openpyxl each raise their own kinds
        raise NcciFileError(f"{name}: cannot be read ({type(exc).__name__}: {str(exc)[:120]})") from None


def row_sources(path: Path, skipped: list[str]) -> Iterator[RowSource]:
    """Every table inside ``path`` (a ZIP yields one source per table member); skipped members are listed."""
    for source in _read_faults_named(path.name, _row_sources(path, skipped)):
        yield RowSource(source.name, _read_faults_named(source.name, source.rows), source.unit)


def _row_sources(path: Path, skipped: list[str]) -> Iterator[RowSource]:
    if not path.is_file():
        raise NcciFileError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield RowSource(path.name, _xlsx_rows(path, path.name), "row")
    elif suffix == ".zip" or zipfile.is_zipfile(path):
        yield from _zip_sources(path, skipped)
    elif suffix in TEXT_SUFFIXES or suffix == "":
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as text:
            yield RowSource(path.name, _text_rows(text, path.name))
    else:
        raise NcciFileError(f"{path.name}: not a CMS table file (expected .zip, .xlsx, .txt, .tsv or .csv)")


def _key(cell: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(cell).lower()) if cell is not None else ""


Matcher = Callable[[str], bool]
PTP_HEADER: dict[str, Matcher] = {
    "prior_1996": lambda k: "1996" in k or "existence" in k,
    "effective": lambda k: "effective" in k,
    "deletion": lambda k: "deletion" in k,
    "modifier": lambda k: "modifier" in k,
    "rationale": lambda k: "rationale" in k,
    "column1": lambda k: k.startswith(("column1", "col1", "columnone")) and "column2" not in k,
    "column2": lambda k: k.startswith(("column2", "col2", "columntwo")),
}
PTP_REQUIRED = ("column1", "column2", "effective", "deletion", "modifier")
MUE_HEADER: dict[str, Matcher] = {
    "mai": lambda k: "adjudication" in k or k == "mai",
    "rationale": lambda k: "rationale" in k,
    "value": lambda k: "mue" in k and "value" in k,
    "code": lambda k: ("hcpcs" in k or "cpt" in k) and "code" in k,
}
MUE_REQUIRED = ("code", "value", "mai")


def _header_columns(cells: list[Any], header: dict[str, Matcher], required: tuple[str, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        k = _key(cell)
        name = next((n for n, match in header.items() if k and match(k) and n not in found), None)
        if name:
            found[name] = i
    return found if all(r in found for r in required) else None


def _cell(cells: list[Any], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def _blank(value: Any) -> bool:
    return value is None or value == ""


def parse_date(value: Any) -> int:
    """A CMS date as yyyymmdd: 20240101, '20240101', '1/1/2024', '2024-01-01' or a spreadsheet date."""
    if isinstance(value, datetime | date):
        return value.year * 10000 + value.month * 100 + value.day
    text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
    if len(text) == 8 and text.isdigit() and "19000101" <= text <= "29991231" and 1 <= int(text[4:6]) <= 12 \
            and 1 <= int(text[6:]) <= 28:
        return int(text)  # the common CMS form; other days are checked in full below
    try:
        if re.fullmatch(r"\d{8}", text):
            parsed = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            parsed = date(int(m[3]), int(m[1]), int(m[2]))
        else:
            parsed = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"date {text[:20]!r} is not a date (expected YYYYMMDD, MM/DD/YYYY or YYYY-MM-DD)") from None
    return parsed.year * 10000 + parsed.month * 100 + parsed.day


def _code(value: Any, what: str) -> str:
    code = str(int(value)).zfill(5) if isinstance(value, int | float) else str(value).strip().upper()
    if not CODE_RE.match(code):
        raise ValueError(f"{what} {str(value)[:20]!r} is not a 5-character code")
    return code


def _indicator(value: Any, allowed: tuple[int, ...], what: str) -> int:
    text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
    if not text[:1].isdigit() or int(text[:1]) not in allowed:
        raise ValueError(f"{what} {str(value)[:30]!r} is not one of {', '.join(map(str, allowed))}")
    return int(text[:1])


def _rows(source: RowSource, header: dict[str, Matcher], required: tuple[str, ...],
          parse: Callable[[list[Any], dict[str, int]], tuple[Any, ...]], first_key: str) -> Iterator[tuple[Any, ...]]:
    columns: dict[str, int] | None = None
    data_seen = False
    for number, cells in source.rows:
        if columns is None:
            columns = _header_columns(cells, header, required)
            if columns is None and number >= HEADER_SEARCH_ROWS:
                raise NcciFileError(f"{source.name}, {source.unit} {number}: no header row naming the columns "
                                    f"{', '.join(required)} in the first {HEADER_SEARCH_ROWS} rows")
            continue
        if not data_seen and _blank(_cell(cells, columns[first_key])):
            continue  # blank rows, and the rest of a header spread over several rows
        data_seen = True
        try:
            yield parse(cells, columns)
        except (ValueError, TypeError) as exc:
            if all(_blank(_cell(cells, i)) for i in range(len(cells))):
                continue  # a blank row among the data
            raise NcciFileError(f"{source.name}, {source.unit} {number}: {exc}") from None
    if columns is None:
        raise NcciFileError(f"{source.name}: no header row naming the columns {', '.join(required)}")


def _ptp_row(cells: list[Any], c: dict[str, int]) -> tuple[Any, ...]:
    existence = _cell(cells, c.get("prior_1996"))
    if not _blank(existence) and existence != "*":
        raise ValueError(f"existence flag {str(existence)[:20]!r} is not '*' or blank")
    deletion = _cell(cells, c["deletion"])
    effective = _cell(cells, c["effective"])
    if _blank(effective):
        raise ValueError("the effective date is missing")
    return (_code(_cell(cells, c["column1"]), "column 1"), _code(_cell(cells, c["column2"]), "column 2"),
            int(existence == "*"), parse_date(effective),
            None if _blank(deletion) or deletion == "*" else parse_date(deletion),
            _indicator(_cell(cells, c["modifier"]), (0, 1, 9), "modifier indicator"),
            str(_cell(cells, c.get("rationale")) or ""))


def _mue_row(cells: list[Any], c: dict[str, int]) -> tuple[Any, ...]:
    value = _cell(cells, c["value"])
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
        raise ValueError(f"MUE value {str(value)[:20]!r} is not a whole number")
    mai = _cell(cells, c["mai"])
    return (_code(_cell(cells, c["code"]), "code"), int(value),
            _indicator(mai, (1, 2, 3), "MUE adjudication indicator"), str(mai),
            str(_cell(cells, c.get("rationale")) or ""))


def ptp_rows(source: RowSource) -> Iterator[tuple[Any, ...]]:
    """(column1, column2, prior_1996, effective, deletion, modifier_indicator, rationale) per data row."""
    return _rows(source, PTP_HEADER, PTP_REQUIRED, _ptp_row, "column1")


def mue_rows(source: RowSource) -> Iterator[tuple[Any, ...]]:
    """(code, value, mai, mai_text, rationale) per data row."""
    return _rows(source, MUE_HEADER, MUE_REQUIRED, _mue_row, "code")
