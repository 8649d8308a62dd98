"""Work per request in the server process, counted in CPU instructions (cachegrind), not timed.

    python bench/bench_requests.py [--requests 200] [--write BENCHMARKS.md]

Starts each server over stdio under ``valgrind --tool=cachegrind``, initializes it, sends ``--requests`` requests
of one kind as raw JSON-RPC lines (one at a time, each answer read before the next is sent) and closes stdin; a run
with no request is subtracted, and the difference divided by the requests is the server's work per request:
its transport, the SDK's dispatch and the tool. Servers: the bare SDK server on the SDK's stdio (the floor of
``bench_calls.py``), the same server on our stdio transport, and cpt97124-mcp. Requests: ``ping`` (the transport
and the dispatch alone), the no-op tool, and our compute_units with ``bench_calls.py``'s three codes. Needs
valgrind; about three minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_calls import UNITS_ARGS, RawStdioClient, stdio_params

from cpt97124_mcp.rules import build

from report import write_section

REQUESTS: dict[str, tuple[str, dict[str, Any]]] = {  # name: method, params
    "ping": ("ping", {}),
    "no-op tool": ("tools/call", {"name": "noop", "arguments": {}}),
    "compute_units (3 codes)": ("tools/call", {"name": "compute_units", "arguments": UNITS_ARGS}),
}
SERVERS = {"bare SDK server, SDK stdio": ("bare", ("ping", "no-op tool")),
           "bare SDK server, our stdio transport": ("bare-ours", ("ping", "no-op tool")),
           "cpt97124-mcp": ("ours", ("ping", "compute_units (3 codes)"))}


def instructions(which: str, request: str, count: int) -> int:
    """Instructions of server ``which`` serving ``count`` requests of kind ``request`` (after initialize)."""
    client = RawStdioClient(stdio_params(which), under=("valgrind", "--tool=cachegrind", "--cache-sim=no",
                                                        "--cachegrind-out-file=/dev/null"),
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})
    client.request("ping", {})
    method, params = REQUESTS[request]
    for _ in range(count):
        assert not client.request(method, params).get("isError")
    client.close(timeout=600)
    assert client.process.stderr is not None
    found = re.search(r"I\s+refs:\s+([\d,]+)", client.process.stderr.read())
    if found is None:
        raise SystemExit("no instruction count in valgrind's output")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--write", type=Path, default=None, help="replace the 'requests' section of this file")
    args = parser.parse_args()
    runs = [(which, request, count) for which, requests in SERVERS.values() for request in requests
            for count in (0, args.requests)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counted = dict(zip(runs, pool.map(lambda run: instructions(*run), runs), strict=True))
    rows = []
    for name, (which, requests) in SERVERS.items():
        per = {r: (counted[which, r, args.requests] - counted[which, r, 0]) / args.requests for r in requests}
        rows += [f"| {name} | {request} | {per[request] / 1e6:.2f} million |" for request in requests]
    report = "\n".join([
        "## Work per request in the server (instructions)", "",
        f"`python bench/bench_requests.py --requests {args.requests}` (rules core: {build()}): cachegrind over each "
        "server process, serving requests one at a time as raw JSON-RPC over stdio, minus a run with none, per "
        "request. Deterministic, unlike the timings above, but blind to what waiting costs (thread hand-offs and "
        "context switches cost more time than their instructions).", "",
        "| server | request | instructions per request |", "|---|---|---:|", *rows, ""])
    print(report)
    if args.write:
        write_section(args.write, "requests", report)


if __name__ == "__main__":
    main()
