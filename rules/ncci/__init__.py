"""The official CMS NCCI tables (practitioner PTP edits and MUE), imported by the user into a local SQLite store.

CMS publishes them quarterly (https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits);
values that could not be verified are not shipped. ``readers`` reads the files as downloaded (ZIP, .xlsx,
tab-delimited or CSV text, notice rows above the header); ``store`` loads them atomically (a new file renamed into
place) and answers lookups; a store that cannot be read raises ``NcciStoreError``.
"""

from .readers import NcciFileError
from .store import (
    ImportReport,
    MueValue,
    NcciStoreError,
    NcciTables,
    PtpEdit,
    StoreStatus,
    TableInfo,
    default_db_path,
    import_mue,
    import_ptp,
    open_tables,
    store_status,
)

__all__ = ["ImportReport", "MueValue", "NcciFileError", "NcciStoreError", "NcciTables", "PtpEdit", "StoreStatus",
           "TableInfo",
           "default_db_path", "import_mue", "import_ptp", "open_tables", "store_status"]
