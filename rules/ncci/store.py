"""The local SQLite store of the imported CMS NCCI tables: atomic, streaming import and indexed lookups.

An import writes a whole new database file beside the store (``ncci.sqlite3.new``: the new table, indexed, plus
a copy of the other table), flushes it to disk and renames it into place with ``os.replace``; one import at a
time (an advisory lock on ``ncci.sqlite3.lock``). The store file itself is never written in place, so readers
(opened read-only) keep answering from the previous complete tables while an import runs, a malformed file or a
killed import (``kill -9`` at any moment) leaves them untouched, and the next import starts afresh. Rows are
streamed (constant memory). A store that exists but cannot be read raises ``NcciStoreError``: it is never taken
for "not imported". Lookups honour the PTP effective and deletion dates against the date of service (an edit
applies from its effective date up to the day before its deletion date).

Location: ``$CPT97124_DATA_DIR/ncci.sqlite3``, else the platform's user data directory.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
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
READ_TIMEOUT_S = 2.0  # a reader waits this long for a lock someone else holds on the store, then reports it


class NcciStoreError(RuntimeError):
    """The store exists but cannot be read, or cannot be written: the message names the path and the cause."""


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
    files: tuple[str, ...]
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


@contextmanager
def _import_lock(path: Path) -> Iterator[None]:
    """One import at a time into the store at ``path`` (released by the system if the process dies). Without
    ``fcntl`` (Windows) imports are not serialised; readers are safe either way (``os.replace``)."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise NcciStoreError(f"cannot write the NCCI store in {path.parent}: {exc.strerror}") from None
    try:
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise NcciStoreError(f"another import into {path} is running; try again when it ends") from None
        yield
    finally:
        handle.close()


def _remove(*paths: Path) -> None:
    for leftover in paths:
        with suppress(FileNotFoundError):
            leftover.unlink()


def _attach_current(connection: sqlite3.Connection, current: Path) -> bool:
    """Attach the current store (read-only) as ``current``; False when there is none yet."""
    if not current.is_file():
        return False
    try:
        connection.execute("ATTACH DATABASE ? AS current", (f"{current.as_uri()}?mode=ro",))
        connection.execute("SELECT count(*) FROM current.sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise _unreadable_current(current, exc) from None
    return True


def _unreadable_current(current: Path, exc: sqlite3.Error) -> NcciStoreError:
    return NcciStoreError(f"the current store {current} cannot be read ({exc}); if it is damaged, move it away "
                          f"to import both tables afresh")


def _keep_other_table(connection: sqlite3.Connection, current: Path, table: str) -> None:
    """Copy the table this import does not replace (and its import record) from the attached current store."""
    other = "mue" if table == "ptp" else "ptp"
    try:
        if connection.execute("SELECT 1 FROM current.sqlite_master WHERE name = 'imports'").fetchone() and \
                connection.execute("SELECT 1 FROM current.imports WHERE name = ?", (other,)).fetchone():
            connection.execute(f"INSERT INTO main.{other} SELECT * FROM current.{other}")
            connection.execute("INSERT INTO main.imports SELECT * FROM current.imports WHERE name = ?", (other,))
    except sqlite3.Error as exc:
        raise _unreadable_current(current, exc) from None


def _write_new(new: Path, table: str, rows: Iterator[tuple[Any, ...]], files: Sequence[Path], label: str,
               current: Path) -> int:
    """Write the complete new store to ``new``; returns the rows of ``table``."""
    connection = sqlite3.connect(new, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a file nobody reads until it is complete
        connection.execute("PRAGMA synchronous = OFF")  # flushed once, by _publish
        attached = _attach_current(connection, current)
        connection.execute("BEGIN")
        connection.execute("CREATE TABLE imports (name TEXT PRIMARY KEY, label TEXT NOT NULL, files TEXT NOT NULL, "
                           "rows INTEGER NOT NULL, imported_at TEXT NOT NULL)")
        for name in SCHEMAS:
            connection.execute(f"CREATE TABLE main.{name} {SCHEMAS[name]}")
        placeholders = ", ".join("?" * COLUMNS[table])
        connection.executemany(f"INSERT INTO main.{table} VALUES ({placeholders})", rows)
        count: int = connection.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0]
        if count == 0:
            raise NcciFileError(f"{', '.join(f.name for f in files)}: no data rows found")
        connection.execute("INSERT INTO main.imports VALUES (?, ?, ?, ?, ?)",
                           (table, label, json.dumps([f.name for f in files]), count,
                            datetime.now(UTC).isoformat(timespec="seconds")))
        if attached:
            _keep_other_table(connection, current, table)
        for name in SCHEMAS:
            connection.execute(f"CREATE INDEX main.{name}_lookup ON {name} {INDEXES[name]}")
        connection.execute("COMMIT")
    finally:
        connection.close()
    return count


def _publish(new: Path, path: Path) -> None:
    """Flush ``new`` to disk and rename it over ``path`` (atomic: a reader sees the old file or the new one)."""
    descriptor = os.open(new, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(new, path)
    with suppress(OSError):  # the directory entry, where the platform allows opening a directory
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _import(table: str, files: Sequence[Path], label: str | None, db_path: Path | None,
            rows_of: Any) -> ImportReport:
    if not files:
        raise NcciFileError("no file given")
    path = db_path or default_db_path()
    paths = [Path(f) for f in files]
    skipped: list[str] = []
    sources: Iterator[RowSource] = chain.from_iterable(row_sources(f, skipped) for f in paths)
    rows = chain.from_iterable(rows_of(source) for source in sources)
    final_label = label or derive_label(paths)
    new = path.with_name(path.name + ".new")
    with _import_lock(path):
        _remove(new, new.with_name(new.name + "-journal"))  # what a killed import left
        try:
            count = _write_new(new, table, rows, paths, final_label, path)
            _publish(new, path)
        except sqlite3.Error as exc:
            _remove(new)
            raise NcciStoreError(f"cannot write the NCCI store {new}: {exc}") from None
        except OSError as exc:
            _remove(new)
            raise NcciStoreError(f"cannot write the NCCI store {path}: {exc.strerror or exc}") from None
        except BaseException:
            _remove(new)
            raise
    return ImportReport(table, count, final_label, [f.name for f in paths], skipped, str(path))


def import_ptp(files: Sequence[Path], db_path: Path | None = None, label: str | None = None) -> ImportReport:
    """Replace the PTP table with the rows of ``files`` (all the code-range files of one release)."""
    return _import("ptp", files, label, db_path, ptp_rows)


def import_mue(file: Path, db_path: Path | None = None, label: str | None = None) -> ImportReport:
    """Replace the MUE table with the rows of ``file``."""
    return _import("mue", [file], label, db_path, mue_rows)


def _table_info(connection: sqlite3.Connection, table: str) -> TableInfo | None:
    row = connection.execute("SELECT label, files, rows, imported_at FROM imports WHERE name = ?", (table,)).fetchone()
    return None if row is None else TableInfo(table, row[0], tuple(json.loads(row[1])), row[2], row[3])


def store_status(db_path: Path | None = None) -> StoreStatus:
    """What is loaded: each table's release label, files, rows and import time (None when not imported); a store
    that cannot be read has ``problem`` set (and no table: nothing can be said of them)."""
    path = db_path or default_db_path()
    try:
        tables = open_tables(path)
    except NcciStoreError as exc:
        return StoreStatus(str(path), None, None, str(exc))
    return StoreStatus(str(path), tables.ptp_info, tables.mue_info)


def _to_date(value: int) -> date:
    return date(value // 10000, value // 100 % 100, value % 100)


class NcciTables:
    """Read-only lookups in the imported tables (no store file: nothing is loaded). Raises ``NcciStoreError`` when
    the store cannot be read, here or at a lookup."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._connection: sqlite3.Connection | None = None
        self.ptp_info: TableInfo | None = None
        self.mue_info: TableInfo | None = None
        if not db_path.is_file():
            return
        with self._reading():
            self._connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, check_same_thread=False,
                                               timeout=READ_TIMEOUT_S)
            if self._connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'imports'").fetchone():
                self.ptp_info = _table_info(self._connection, "ptp")
                self.mue_info = _table_info(self._connection, "mue")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise NcciStoreError(f"the NCCI store {self.db_path} cannot be read: {exc}") from None

    def ptp(self, column1: str, column2: str, on: date) -> PtpEdit | None:
        """The edit with ``column1``/``column2`` in force on ``on``, if any."""
        if self._connection is None or self.ptp_info is None:
            return None
        day = on.year * 10000 + on.month * 100 + on.day
        with self._reading():
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
        with self._reading():
            row = self._connection.execute("SELECT code, value, mai, mai_text, rationale FROM mue WHERE code = ? "
                                           "LIMIT 1", (code,)).fetchone()
        return None if row is None else MueValue(*row)


@lru_cache(maxsize=8)
def _cached_tables(path: Path, stamp: tuple[int, int, int]) -> NcciTables:
    return NcciTables(path)


def forget_open_tables() -> None:
    """Drop the tables opened so far: a forked worker process opens its own connection (SQLite connections must
    not cross a fork)."""
    _cached_tables.cache_clear()


def open_tables(db_path: Path | None = None) -> NcciTables:
    """The tables at ``db_path`` (default store), reopened when an import renames a new file into place. Raises
    ``NcciStoreError`` when the store cannot be read (a path that is not a directory, no permission, a locked or
    damaged file); a missing store is "nothing imported"."""
    path = db_path or default_db_path()
    try:
        stat = path.stat()
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        stamp = (-1, -1, -1)  # no store yet: nothing imported, until the file appears
    except OSError as exc:
        raise NcciStoreError(f"the NCCI store {path} cannot be read: {exc.strerror or exc}") from None
    return _cached_tables(path, stamp)
