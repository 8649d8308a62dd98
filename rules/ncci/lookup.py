"""What the claim checks ask of the NCCI tables: the small protocol the core depends on (no I/O in the core).

The tool layer and the command line open the user's imported tables (``rules.ncci.store.open_tables``) and pass
them in; ``None`` means no table is imported. The checks use PTP pairs (NCCI Policy Manual Ch. I §A, §E) and
practitioner MUE values (Ch. I §V), each table with the label of its imported release (``TableInfo.label``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .store import MueValue, PtpEdit, TableInfo


class NcciLookup(Protocol):
    """The imported NCCI tables as the checks read them (``rules.ncci.store.NcciTables`` satisfies it)."""

    @property
    def ptp_info(self) -> TableInfo | None: ...
    @property
    def mue_info(self) -> TableInfo | None: ...

    def ptp(self, column1: str, column2: str, on: date) -> PtpEdit | None:
        """The PTP edit with ``column1``/``column2`` in force on ``on``, if any."""

    def mue(self, code: str) -> MueValue | None:
        """The practitioner MUE of ``code``, if the table has one."""
