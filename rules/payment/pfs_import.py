"""Import of the official CMS PFS Relative Value File ZIP (``RVU{YY}{A-D}.zip``) into the local data directory.

Read from the ZIP: the RVU table ``PPRRVU{YY}*.csv`` (from 2026 the ``_nonQPP`` file; notice rows, a header of
several rows, then one row per code and modifier) and the GPCI table ``GPCI{YYYY}*.csv``. Kept: the rows without a
modifier whose multiple-procedure indicator is 5 (the therapy MPPR codes), and the columns status, work RVU,
non-facility PE RVU, malpractice RVU; the DESCRIPTION column (AMA-copyrighted descriptors) is never read into the
store. The year's file is written to a temporary file and renamed over the old one: a file that does not read
leaves the previous import untouched (as the NCCI import). Location: the directory of the NCCI store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..ncci.store import default_db_path
from .fee_schedule import Locality, Release, Rvu

# 0-based columns of the PPRRVU file (CMS RVU file layout): HCPCS, MOD, (DESCRIPTION), status, ..., work, PE
# non-facility, ..., malpractice, ..., multiple-procedure indicator, ..., conversion factor
HCPCS, MOD, STATUS, WORK, PE_NONFAC, MP, MULT_PROC, CF = 0, 1, 3, 5, 6, 10, 18, 24
CODE = re.compile(r"[0-9A-Z]\d{3}[0-9A-Z]")


class PfsFileError(ValueError):
    """A file that is not a readable CMS RVU ZIP; the message names the file."""


@dataclass(frozen=True, slots=True)
class PfsYear:
    """One imported year: its release, the therapy codes' RVUs, and the localities' GPCIs (None if not in it)."""

    release: Release
    rvus: dict[str, Rvu]
    localities: dict[str, Locality] | None


@dataclass(frozen=True, slots=True)
class PfsImportReport:
    year: int
    release: str
    codes: int
    localities: int
    conversion_factor: str
    path: str


def pfs_path(year: int, directory: Path | None = None) -> Path:
    return (directory or default_db_path().parent) / f"pfs_{year}.json"


def _csv(archive: zipfile.ZipFile, pattern: str) -> list[list[str]] | None:
    names = sorted(n for n in archive.namelist() if re.search(pattern, Path(n).name, re.IGNORECASE))
    names = sorted(names, key=lambda n: "nonqpp" not in n.lower())  # 2026 on: the non-QP fee schedule first
    if not names:
        return None
    text = archive.read(names[0]).decode("utf-8-sig", errors="replace")
    return list(csv.reader(io.StringIO(text)))


def _rvus(rows: list[list[str]]) -> tuple[dict[str, list[str]], str]:
    kept, cf = {}, ""
    for row in rows:
        if len(row) <= CF or not CODE.fullmatch(row[HCPCS].strip()) or row[MOD].strip():
            continue
        cf = row[CF].strip() or cf
        if row[MULT_PROC].strip() == "5":
            kept[row[HCPCS].strip()] = [row[STATUS].strip()] + [row[i].strip() or "0" for i in (WORK, PE_NONFAC, MP)]
    return kept, cf


def _gpcis(rows: list[list[str]] | None) -> dict[str, list[str]]:
    found = {}
    for row in rows or []:
        cells = [c.strip() for c in row]
        if len(cells) >= 7 and re.fullmatch(r"\d{5}", cells[0]) and re.fullmatch(r"\d{1,2}", cells[2]):
            found[f"{cells[0]}-{int(cells[2]):02d}"] = [cells[1], cells[3].rstrip("*"), *cells[4:7]]
    return found


def import_pfs(path: Path, directory: Path | None = None) -> PfsImportReport:
    """Read the RVU ZIP at ``path`` and store its year's therapy-code RVUs and GPCIs (atomic replace)."""
    match = re.search(r"RVU(\d{2})([A-D])", path.name, re.IGNORECASE)
    if not path.is_file() or not zipfile.is_zipfile(path) or match is None:
        raise PfsFileError(f"{path.name}: not a CMS PFS Relative Value File ZIP (RVU{{YY}}{{A-D}}.zip)")
    year, release = 2000 + int(match[1]), f"RVU{match[1]}{match[2].upper()}"
    with zipfile.ZipFile(path) as archive:
        rows = _csv(archive, rf"^PPRRVU{match[1]}.*\.csv$")
        if rows is None:
            raise PfsFileError(f"{path.name}: no PPRRVU{match[1]} CSV inside")
        rvus, cf = _rvus(rows)
        gpcis = _gpcis(_csv(archive, rf"^GPCI{year}.*\.csv$"))
    if not rvus:
        raise PfsFileError(f"{path.name}: no therapy codes (multiple-procedure indicator 5) found")
    target = pfs_path(year, directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"year": year, "release": release, "file": path.name, "conversion_factor": cf, "rvus": rvus,
            "gpci": gpcis, "imported_at": datetime.now(UTC).isoformat(timespec="seconds")}
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return PfsImportReport(year, release, len(rvus), len(gpcis), cf, str(target))


def imported_year(year: int, directory: Path | None = None) -> PfsYear | None:
    """The imported file of ``year``, or None when none was imported (or it cannot be read)."""
    try:
        data: dict[str, Any] = json.loads(pfs_path(year, directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    release = Release(data["release"], f"CMS PFS Relative Value File {data['release']} (imported from {data['file']} "
                      f"on {data['imported_at'][:10]}; conversion factor in the file ${data['conversion_factor']})",
                      "primary")
    rvus = {code: Rvu(code, status, Decimal(work), Decimal(pe), Decimal(mp), True)
            for code, (status, work, pe, mp) in data["rvus"].items()}
    localities = {key: Locality(key, state, name, Decimal(w), Decimal(pe), Decimal(mp))
                  for key, (state, name, w, pe, mp) in data["gpci"].items()} or None
    return PfsYear(release, rvus, localities)
