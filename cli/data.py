"""``cpt97124-mcp data``: import the official CMS NCCI tables (PTP, MUE) into the local store; show what is loaded.

The files are read as CMS publishes them (ZIP, .xlsx, tab or CSV text); see ``rules.ncci``. Exit codes:
0 done, 2 bad input (the message names the file and the line) or a store that cannot be read or written (a
``CPT97124_DATA_DIR`` that is a file or read-only, a locked or damaged database: one line naming it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from ..rules.ncci import (
    ImportReport,
    NcciFileError,
    NcciStoreError,
    StoreStatus,
    import_mue,
    import_ptp,
    store_status,
)

EXAMPLES = """\
examples:
  cpt97124-mcp data import-ptp medicare-ptp-practitioner.zip        the quarterly practitioner PTP ZIP
  cpt97124-mcp data import-ptp ccipra-v321r0-f1.xlsx ccipra-v321r0-f2.xlsx ccipra-v321r0-f3.xlsx ccipra-v321r0-f4.xlsx
  cpt97124-mcp data import-mue MCR_MUE_PractitionerServices_Eff_01-01-2026.zip
  cpt97124-mcp data import-pfs RVU26A.zip      therapy-code RVUs and GPCIs of 2026, for estimate_payment
  cpt97124-mcp data status --json

Download from https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits
(Medicare NCCI PTP edits, practitioner; Medicare NCCI MUE, practitioner services). The store lives in the
user data directory; CPT97124_DATA_DIR overrides it. An import replaces the table only if every file reads."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "data", help="import the CMS NCCI PTP/MUE tables; show what is loaded",
        description="Import the official CMS NCCI tables into the local store, or show what is loaded.",
        epilog=EXAMPLES)
    actions = parser.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    ptp = actions.add_parser("import-ptp", help="replace the PTP table with FILE... (all files of one release)",
                             epilog=EXAMPLES)
    ptp.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".zip, .xlsx, .txt (tab) or .csv")
    mue = actions.add_parser("import-mue", help="replace the MUE table with FILE", epilog=EXAMPLES)
    mue.add_argument("file", type=Path, metavar="FILE", help=".zip, .xlsx, .txt (tab) or .csv")
    for action in (ptp, mue):
        action.add_argument("--label", help="release label to record (default: read from the file names)")
        action.add_argument("--json", action="store_true", help="print the import report as JSON")
    pfs = actions.add_parser("import-pfs", help="store a year's therapy-code RVUs and GPCIs from the CMS RVU ZIP",
                             epilog=EXAMPLES)
    pfs.add_argument("file", type=Path, metavar="FILE", help="RVU{YY}{A-D}.zip (CMS PFS Relative Value Files)")
    pfs.add_argument("--json", action="store_true", help="print the import report as JSON")
    status = actions.add_parser("status", help="show which tables are loaded, for which release",
                                epilog=EXAMPLES)
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    return parser


def print_status(status: StoreStatus) -> None:
    print(f"Store: {status.db_path}")
    for name, info in (("PTP", status.ptp), ("MUE", status.mue)):
        if info is None:
            print(f"{name}: not imported (the {name} check answers 'not run')")
        else:
            print(f"{name}: {info.rows:,} rows, release {info.label}, imported {info.imported_at} "
                  f"from {', '.join(info.files)}")


def print_report(report: ImportReport) -> None:
    print(f"Imported {report.rows:,} {report.table.upper()} rows (release {report.label}) from "
          f"{', '.join(report.files)} into {report.db_path}.")
    if report.skipped:
        print(f"Skipped (not table files): {', '.join(report.skipped)}")


def run(args: argparse.Namespace) -> int:
    try:
        if args.data_command == "status":
            status = store_status()
            if args.json:
                print(json.dumps(dataclasses.asdict(status)))
            if status.problem:
                raise NcciStoreError(status.problem)
            if not args.json:
                print_status(status)
            return 0
        if args.data_command == "import-pfs":
            return _import_pfs(args)
        if args.data_command == "import-ptp":
            report = import_ptp(args.files, label=args.label)
        else:
            report = import_mue(args.file, label=args.label)
    except (NcciFileError, NcciStoreError, OSError, sqlite3.Error) as exc:
        print(f"cpt97124-mcp data {args.data_command}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(dataclasses.asdict(report)))
    else:
        print_report(report)
    return 0


def _import_pfs(args: argparse.Namespace) -> int:
    from ..rules.payment.pfs_import import PfsFileError, import_pfs

    try:
        report = import_pfs(args.file)
    except PfsFileError as exc:
        print(f"cpt97124-mcp data import-pfs: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(dataclasses.asdict(report)))
    else:
        print(f"Imported CY {report.year} {report.release}: {report.codes} therapy codes, {report.localities} "
              f"localities (conversion factor in the file ${report.conversion_factor}) into {report.path}.")
    return 0
