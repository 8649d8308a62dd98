"""The local SQLite store of the imported CMS NCCI tables: atomic, streaming import and indexed lookups.

Import loads every row into a fresh table inside one transaction, indexes it, then swaps it in for the old
one; any error rolls the whole transaction back, so a malformed file leaves the previous tables untouched.
Rows are streamed (constant memory). Lookups honour the PTP effective and deletion dates against the date of
service (an edit applies from its effective date up to the day before its deletion date).

Location: ``$CPT97124_DATA_DIR/ncci.sqlite3``, else the platform's user data directory.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from .readers import NcciFileError, RowSource, mue_rows, ptp_rows, row_sources

APP_DIR = "cpt97124-mcp"
DB_NAME = "ncci.sqlite3"
SCHEMAS = {
    "ptp": "(column1 TEXT NOT NULL, column2 TEXT NOT NULL, prior_1996 INTEGER NOT NULL, effective INTEGER NOT NULL, "
           "deletion INTEGER, modifier_indicator INTEGER NOT NULL, rationale TEXT NOT NULL)",
    "mue": "(code TEXT NOT NULL, value INTEGER NOT NULL, mai INTEGER NOT NULL, mai_text TEXT NOT NULL, "
           "rationale TEXT NOT NULL)",
}
INDEXES = {"ptp": "(column1, column2, effective)", "mue": "(code)"}
COLUMNS = {"ptp": 7, "mue": 5}


def default_db_path() -> Path:
    """``$CPT97124_DATA_DIR/ncci.sqlite3``, else the platform's user data directory (``platformdirs``:
    ``$XDG_DATA_HOME`` or ``~/.local/share`` on Linux, ``~/Library/Application Support`` on macOS,
    ``%LOCALAPPDATA%`` on Windows)."""
    return _db_path(os.environ.get("CPT97124_DATA_DIR"), os.environ.get("XDG_DATA_HOME"), os.environ.get("HOME"))


@lru_cache(maxsize=8)
def _db_path(override: str | None, xdg_data_home: str | None, home: str | None) -> Path:
    """The path for these environment values (cached: the tools ask for it on every call)."""
    if override:
        return Path(override).expanduser() / DB_NAME
    return Path(user_data_dir(APP_DIR, appauthor=False)) / DB_NAME


@dataclass(frozen=True, slots=True)
class TableInfo:
    table: str
    label: str
    files: list[str]
    rows: int
    imported_at: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    table: str
    rows: int
    label: str
    files: list[str]
    skipped: list[str]
    db_path: str


@dataclass(frozen=True, slots=True)
class StoreStatus:
    db_path: str
    ptp: TableInfo | None
    mue: TableInfo | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class PtpEdit:
    column1: str
    column2: str
    prior_1996: bool
    effective: date
    deletion: date | None
    modifier_indicator: int
    rationale: str


@dataclass(frozen=True, slots=True)
class MueValue:
    code: str
    value: int
    mai: int
    mai_text: str
    rationale: str


def derive_label(files: Sequence[Path]) -> str:
    """The CMS release named in the file names: 'v32.1r0' (PTP version) or 'effective 2026-01-01' (MUE)."""
    names = " ".join(f.name for f in files)
    if m := re.search(r"v(\d{2})(\d)r(\d+)", names, re.IGNORECASE):
        return f"v{m[1]}.{m[2]}r{m[3]}"
    if m := re.search(r"(\d{2})[-_](\d{2})[-_](\d{4})", names):
        return f"effective {m[3]}-{m[1]}-{m[2]}"
    if m := re.search(r"(20\d{2})[-_ ]?q([1-4])", names, re.IGNORECASE):
        return f"{m[1]} Q{m[2]}"
    return ", ".join(f.name for f in files)


def _connect(db_path: Path) -> sqlite3.Connection:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("CREATE TABLE IF NOT EXISTS imports (name TEXT PRIMARY KEY, label TEXT NOT NULL, "
                       "files TEXT NOT NULL, rows INTEGER NOT NULL, imported_at TEXT NOT NULL)")
    return connection


def _import(table: str, files: Sequence[Path], label: str | None, db_path: Path | None,
            rows_of: Any) -> ImportReport:
    if not files:
        raise NcciFileError("no file given")
    path = db_path or default_db_path()
    skipped: list[str] = []
    sources: Iterator[RowSource] = chain.from_iterable(row_sources(Path(f), skipped) for f in files)
    rows = chain.from_iterable(rows_of(source) for source in sources)
    placeholders = ", ".join("?" * COLUMNS[table])
    connection = _connect(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(f"DROP TABLE IF EXISTS {table}_new")
        connection.execute(f"CREATE TABLE {table}_new {SCHEMAS[table]}")
        connection.executemany(f"INSERT INTO {table}_new VALUES ({placeholders})", rows)
        count = connection.execute(f"SELECT count(*) FROM {table}_new").fetchone()[0]
        if count == 0:
            raise NcciFileError(f"{', '.join(Path(f).name for f in files)}: no data rows found")
        connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
        connection.execute(f"CREATE INDEX {table}_lookup ON {table} {INDEXES[table]}")
        names = [Path(f).name for f in files]
        final_label = label or derive_label([Path(f) for f in files])
        connection.execute("INSERT OR REPLACE INTO imports VALUES (?, ?, ?, ?, ?)",
                           (table, final_label, json.dumps(names), count,
                            datetime.now(UTC).isoformat(timespec="seconds")))
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()
    return ImportReport(table, count, final_label, names, skipped, str(path))


def import_ptp(files: Sequence[Path], db_path: Path | None = None, label: str | None = None) -> ImportReport:
    """Replace the PTP table with the rows of ``files`` (all the code-range files of one release)."""
    return _import("ptp", files, label, db_path, ptp_rows)


def import_mue(file: Path, db_path: Path | None = None, label: str | None = None) -> ImportReport:
    """Replace the MUE table with the rows of ``file``."""
    return _import("mue", [file], label, db_path, mue_rows)


def _table_info(connection: sqlite3.Connection, table: str) -> TableInfo | None:
    row = connection.execute("SELECT label, files, rows, imported_at FROM imports WHERE name = ?", (table,)).fetchone()
    return None if row is None else TableInfo(table, row[0], json.loads(row[1]), row[2], row[3])


def store_status(db_path: Path | None = None) -> StoreStatus:
    """What is loaded: each table's release label, files, rows and import time (None when not imported)."""
    path = db_path or default_db_path()
    tables = open_tables(path)
    return StoreStatus(str(path), tables.ptp_info, tables.mue_info, tables.problem)


def _to_date(value: int) -> date:
    return date(value // 10000, value // 100 % 100, value % 100)


class NcciTables:
    """Read-only lookups in the imported tables (a missing store means nothing is loaded)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._connection: sqlite3.Connection | None = None
        self.ptp_info: TableInfo | None = None
        self.mue_info: TableInfo | None = None
        self.problem: str | None = None  # an unreadable store counts as nothing imported, and says why
        if not db_path.is_file():
            return
        try:
            self._connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            if self._connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'imports'").fetchone():
                self.ptp_info = _table_info(self._connection, "ptp")
                self.mue_info = _table_info(self._connection, "mue")
        except sqlite3.Error as exc:
            self._connection, self.problem = None, f"{db_path}: {exc}"
            self.ptp_info = self.mue_info = None

    def ptp(self, column1: str, column2: str, on: date) -> PtpEdit | None:
        """The edit with ``column1``/``column2`` in force on ``on``, if any."""
        if self._connection is None or self.ptp_info is None:
            return None
        day = on.year * 10000 + on.month * 100 + on.day
        row = self._connection.execute(
            "SELECT column1, column2, prior_1996, effective, deletion, modifier_indicator, rationale FROM ptp "
            "WHERE column1 = ? AND column2 = ? AND effective <= ? AND (deletion IS NULL OR deletion > ?) "
            "ORDER BY effective DESC LIMIT 1", (column1, column2, day, day)).fetchone()
        if row is None:
            return None
        return PtpEdit(row[0], row[1], bool(row[2]), _to_date(row[3]), None if row[4] is None else _to_date(row[4]),
                       row[5], row[6])

    def mue(self, code: str) -> MueValue | None:
        if self._connection is None or self.mue_info is None:
            return None
        row = self._connection.execute("SELECT code, value, mai, mai_text, rationale FROM mue WHERE code = ? LIMIT 1",
                                       (code,)).fetchone()
        return None if row is None else MueValue(*row)


@lru_cache(maxsize=8)
def _cached_tables(path: Path, stamp: tuple[int, int]) -> NcciTables:
    return NcciTables(path)


def forget_open_tables() -> None:
    """Drop the tables opened so far: a forked worker process opens its own connection (SQLite connections must
    not cross a fork)."""
    _cached_tables.cache_clear()


def open_tables(db_path: Path | None = None) -> NcciTables:
    """The tables at ``db_path`` (default store), reopened when the file changes (a new import)."""
    path = db_path or default_db_path()
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (-1, -1)  # no store yet: nothing imported, until the file appears
    return _cached_tables(path, stamp)
