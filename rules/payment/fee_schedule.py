"""The fee-schedule data of the therapy codes: RVUs by year, GPCIs by locality, PFS status meanings.

Data: ``rules/data/pfs_rvus.csv`` (CMS PFS Relative Value Files, codes with multiple-procedure indicator 5),
``rules/data/pfs_gpci.csv`` (CY 2025 PFS final rule, Addendum E) and ``rules/data/pfs.json`` (which release each
table comes from, and the status indicators of the RVU file documentation). A year without a table has no RVUs:
answers never borrow another year's.

>>> rvus(2025)["97110"].pe
Decimal('0.43')
>>> locality(2025, "13202-01").name
'MANHATTAN'
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from types import MappingProxyType

from ..data_files import load_data
from ..errors import RuleInputError

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Rvu:
    """One code's RVUs in one year: work, non-facility practice expense, malpractice; PFS status; MPPR flag."""

    code: str
    status: str
    work: Decimal
    pe: Decimal
    mp: Decimal
    mppr: bool  # multiple-procedure indicator 5: the therapy MPPR applies


@dataclass(frozen=True, slots=True)
class Locality:
    """A payment locality ``MAC-locality`` with its GPCIs (work, PE, malpractice); ``national``: all 1.0."""

    id: str
    state: str
    name: str
    work: Decimal
    pe: Decimal
    mp: Decimal


NATIONAL = Locality("national", "", "national (all GPCIs 1.0)", ONE, ONE, ONE)


@dataclass(frozen=True, slots=True)
class Release:
    """Which published file a year's table comes from, and how good the copy is (primary or secondary)."""

    release: str
    source: str
    status: str


@dataclass(frozen=True, slots=True)
class PfsStatus:
    """A PFS status indicator: paid (True), not paid (False) or priced by the MAC (None), in words."""

    paid: bool | None
    meaning: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__.rsplit(".", 1)[0]).joinpath("data", f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _rvu_tables() -> dict[int, dict[str, Rvu]]:
    tables: dict[int, dict[str, Rvu]] = {}
    for row in _rows("pfs_rvus"):
        tables.setdefault(int(row["year"]), {})[row["hcpcs"]] = Rvu(
            row["hcpcs"], row["status"], Decimal(row["work"]), Decimal(row["pe_nonfac"]), Decimal(row["mp"]),
            row["mult_proc"] == "5")
    return tables


def rvus(year: int) -> Mapping[str, Rvu] | None:
    """The RVUs of the therapy codes for ``year`` (read-only); None when no table for that year is embedded."""
    table = _rvu_tables().get(year)
    return None if table is None else MappingProxyType(table)


@cache
def _localities() -> dict[int, dict[str, Locality]]:
    tables: dict[int, dict[str, Locality]] = {}
    for row in _rows("pfs_gpci"):
        key = f"{row['mac']}-{row['locality']}"
        tables.setdefault(int(row["year"]), {})[key] = Locality(
            key, row["state"], row["name"], Decimal(row["work"]), Decimal(row["pe"]), Decimal(row["mp"]))
    return tables


@cache
def _releases(kind: str) -> dict[int, Release]:
    return {int(year): Release(**entry) for year, entry in load_data("pfs")[kind].items()}


def rvu_release(year: int) -> Release | None:
    """The RVU file release behind ``rvus(year)``."""
    return _releases("rvu_releases").get(year)


def gpci_release(year: int) -> Release | None:
    """The GPCI file behind the localities of ``year``."""
    return _releases("gpci_releases").get(year)


@cache
def _statuses() -> dict[str, PfsStatus]:
    return {letter: PfsStatus(**entry) for letter, entry in load_data("pfs")["status_codes"].items()}


def pfs_status(letter: str) -> PfsStatus:
    """What a PFS status indicator means (unknown letters: priced by no rule we know, so not estimated)."""
    return _statuses().get(letter) or PfsStatus(None, f"status {letter!r}: not a status this estimate knows")


def status_source() -> str:
    """The document defining the status indicators."""
    source: str = load_data("pfs")["status_source"]
    return source


LOCALITY_FORMS = "MAC-locality such as 13202-01 (Manhattan), a state with one locality such as AL, or null (national)"


def locality(year: int, raw: str | None, imported: dict[str, Locality] | None = None) -> Locality | None:
    """The locality ``raw`` names for ``year`` (in ``imported``, else the embedded GPCIs): NATIONAL for None; None
    when that year's GPCIs are neither imported nor embedded.

    Raises RuleInputError for a locality or state the year's table does not have (or a state with several)."""
    if raw is None or raw.strip().lower() in ("", "national"):
        return NATIONAL
    table = imported or _localities().get(year)
    if table is None:
        return None
    text = raw.strip().upper()
    if text in table:
        return table[text]
    in_state = [found for found in table.values() if found.state == text]
    if len(in_state) == 1:
        return in_state[0]
    if in_state:
        names = ", ".join(f"{found.id} ({found.name})" for found in in_state)
        raise RuleInputError("locality", f"{text} has {len(in_state)} localities", f"one of {names}")
    raise RuleInputError("locality", f"{raw!r} is not a CY {year} payment locality", LOCALITY_FORMS)
