"""Benchmark: import a 2,000,000-row practitioner PTP file (tab-delimited, CMS layout) into the SQLite store.

Reports rows/s, elapsed seconds and peak RSS (resource.getrusage) for a 200,000-row and a 2,000,000-row
file; each import runs in a fresh child process, so each peak belongs to that import alone. Memory that
does not grow with the file shows as (nearly) the same peak for both. Target: 2M rows in under a minute.

    python bench/bench_import.py [--rows 2000000] [--small 200000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from cpt97124_mcp.rules.ncci import import_ptp, store_status

from cms_files import ptp_text, synthetic_ptp_rows


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def import_in_child(file: str, db: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    baseline = peak_rss_mib()
    start = time.perf_counter()
    report = import_ptp([Path(file)], Path(db))
    elapsed = time.perf_counter() - start
    queue.put((report.rows, elapsed, baseline, peak_rss_mib()))


def measure(rows: int, folder: Path) -> tuple[int, float, float, float]:
    file = ptp_text(folder / f"ccipra-bench-{rows}.txt", synthetic_ptp_rows(rows))
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=import_in_child, args=(str(file), str(folder / f"ncci-{rows}.sqlite3"), queue))
    child.start()
    result = queue.get()
    child.join()
    file.unlink()
    return result  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--small", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'rows':>10}  {'seconds':>8}  {'rows/s':>9}  {'peak RSS MiB':>12}  {'(interpreter MiB)':>17}")
        for rows in (args.small, args.rows):
            imported, elapsed, baseline, peak = measure(rows, folder)
            print(f"{imported:>10,}  {elapsed:>8.1f}  {imported / elapsed:>9,.0f}  {peak:>12.1f}  {baseline:>17.1f}")
        status = store_status(folder / f"ncci-{args.rows}.sqlite3")
        print(f"store after the large import: {status.ptp.rows if status.ptp else 0:,} PTP rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
