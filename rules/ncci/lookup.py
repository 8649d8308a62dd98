"""What the claim checks ask of the NCCI tables: the small protocol the core depends on (no I/O in the core).

The tool layer and the command line open the user's imported tables (``rules.ncci.store.open_tables``) and pass
them in; ``None`` means no table is imported. The checks use PTP pairs (NCCI Policy Manual Ch. I §A, §E) and
practitioner MUE values (Ch. I §V), each table with the label of its imported release.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol


class TableRelease(Protocol):
    """An imported table: which one (``PTP`` or ``MUE``) and the label of its CMS release."""

    @property
    def table(self) -> str: ...
    @property
    def label(self) -> str: ...


class PtpPair(Protocol):
    """A PTP edit in force: the modifier indicator (0, 1 or 9), its effective date and rationale."""

    @property
    def modifier_indicator(self) -> int: ...
    @property
    def effective(self) -> date: ...
    @property
    def rationale(self) -> str | None: ...


class MueLimit(Protocol):
    """A practitioner MUE: the units allowed, the adjudication indicator (1 line, 2-3 date of service)."""

    @property
    def value(self) -> int: ...
    @property
    def mai(self) -> int | None: ...
    @property
    def rationale(self) -> str | None: ...


class NcciLookup(Protocol):
    """The imported NCCI tables as the checks read them (``NcciTables`` satisfies it)."""

    @property
    def ptp_info(self) -> TableRelease | None: ...
    @property
    def mue_info(self) -> TableRelease | None: ...

    def ptp(self, column1: str, column2: str, on: date) -> PtpPair | None: ...
    def mue(self, code: str) -> MueLimit | None: ...
