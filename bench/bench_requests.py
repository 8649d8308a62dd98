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
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from bench_calls import UNITS_ARGS, stdio_params

from cpt97124_mcp.rules import build

from report import write_section

INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}}
REQUESTS: dict[str, dict[str, Any]] = {
    "ping": {"method": "ping"},
    "no-op tool": {"method": "tools/call", "params": {"name": "noop", "arguments": {}}},
    "compute_units (3 codes)": {"method": "tools/call", "params": {"name": "compute_units", "arguments": UNITS_ARGS}},
}
SERVERS = {"bare SDK server, SDK stdio": ("bare", ("ping", "no-op tool")),
           "bare SDK server, our stdio transport": ("bare-ours", ("ping", "no-op tool")),
           "cpt97124-mcp": ("ours", ("ping", "compute_units (3 codes)"))}


def instructions(which: str, request: str, count: int) -> int:
    """Instructions of server ``which`` serving ``count`` requests of kind ``request`` (after initialize)."""
    params = stdio_params(which)
    server = subprocess.Popen(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                               params.command, *params.args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert server.stdin is not None and server.stdout is not None and server.stderr is not None

    def ask(message: dict[str, Any]) -> None:
        server.stdin.write(json.dumps(message).encode() + b"\n")  # type: ignore[union-attr]
        server.stdin.flush()  # type: ignore[union-attr]
        answer = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        assert "result" in answer and not answer["result"].get("isError"), answer

    ask(INIT)
    server.stdin.write(b'{"jsonrpc": "2.0", "method": "notifications/initialized"}\n')
    ask({"jsonrpc": "2.0", "id": 1, "method": "ping"})
    for number in range(count):
        ask({"jsonrpc": "2.0", "id": number + 2, **REQUESTS[request]})
    server.stdin.close()
    server.wait(timeout=600)
    found = re.search(r"I\s+refs:\s+([\d,]+)", server.stderr.read().decode())
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
