"""Load test over streamable HTTP (stateless, JSON responses), loopback only, bounded, stops by itself.

    python bench/load_http.py [--clients 50] [--calls 100] [--workers 1 3]

For each worker count, starts the server on a free 127.0.0.1 port (one process via ``cpt97124-mcp serve
--http``, several via ``uvicorn --workers N --factory cpt97124_mcp.server.http:create_app``), runs
``clients`` concurrent SDK clients making ``calls`` compute_units / validate_claim_line calls each, and reports
errors, calls per second, p50 and p99 latency. Every call has a timeout; the server is always stopped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio
from mcp import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from http_server import free_port, running, serve_command, uvicorn_command

CALL_TIMEOUT_S = 30
UNITS = {"services": [{"code": "97124", "minutes": 23}, {"code": "97110", "minutes": 20},
                      {"code": "97140", "minutes": 8}]}
LINE = {"line": {"code": "97124", "units": 2, "modifiers": ["GP"], "minutes": 30}, "date_of_service": "2025-06-02"}


@contextmanager
def http_server(workers: int) -> Iterator[str]:
    """The server on a free loopback port: ``serve --http`` for one worker, uvicorn ``--workers N`` for more."""
    port = free_port()
    command = serve_command(port) if workers == 1 else uvicorn_command(port, workers)
    with running(command, port) as base:
        yield f"{base}/mcp"


async def load(url: str, clients: int, calls: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0

    async def one_client(n: int) -> None:
        nonlocal errors
        async with Client(url) as client:
            for i in range(calls):
                tool, args = ("compute_units", UNITS) if (n + i) % 2 else ("validate_claim_line", LINE)
                start = time.perf_counter()
                try:
                    with anyio.fail_after(CALL_TIMEOUT_S):
                        result = await client.call_tool(tool, args)
                    errors += bool(result.is_error)
                except Exception:  # a failed call is counted, never hidden
                    errors += 1
                latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    async with anyio.create_task_group() as group:
        for n in range(clients):
            group.start_soon(one_client, n)
    return latencies, errors, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 3])
    args = parser.parse_args()
    for workers in args.workers:
        with http_server(workers) as url:
            latencies, errors, elapsed = anyio.run(load, url, args.clients, args.calls)
        cuts = statistics.quantiles(latencies, n=100)
        print(f"workers={workers}: {len(latencies)} calls ({args.clients} clients x {args.calls}), {errors} errors, "
              f"{len(latencies) / elapsed:,.0f} calls/s, p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
