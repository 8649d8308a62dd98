"""Benchmark: the HTTP server while many clients hold unfinished uploads (loopback only, bounded).

Starts ``cpt97124-mcp serve --http`` on a free loopback port, then opens ``--connections`` sockets (at most
1000) that each start a ~4 MiB upload to /mcp and never finish it, in three shapes spread over the sockets:
``declared`` (Content-Length: 4 MiB, 1 MiB sent), ``chunked`` (chunks sent up to 4 MiB, no last chunk) and
``trickle`` (Content-Length 200 KB, one byte a second: under the body limit, held until the body timeout).
Meanwhile a well-behaved client sends ``--requests`` compute_units calls one after another. Reports the
well-behaved client's median and 95th-percentile latency and status codes, and the server's resident memory
(current and peak, /proc/PID/status). Each run takes at most ``--seconds`` (default 20).

    python bench/bench_slow_clients.py [--connections 300] [--requests 100] [--check]

With ``--check`` it exits 1 unless peak memory < 300 MiB and the median < 100 ms with every answer 200.
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from http_server import free_port, wait_for_health

MIB = 1 << 20
CALL = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                   "params": {"name": "compute_units", "arguments": {"services": [{"code": "97124", "minutes": 38}]}}})
HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def memory_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of ``pid`` in MiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def hold(port: int, shape: str) -> socket.socket:
    """A socket with an upload started in ``shape`` and left unfinished (non-blocking: sends what fits)."""
    sock = socket.create_connection(("127.0.0.1", port))
    length = {"declared": f"Content-Length: {4 * MIB}", "chunked": "Transfer-Encoding: chunked",
              "trickle": "Content-Length: 200000"}[shape]
    sock.sendall(f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 f"Accept: application/json, text/event-stream\r\n{length}\r\n\r\n".encode())
    sock.setblocking(False)
    if shape != "trickle":
        chunk = b"x" * 65536
        body = chunk if shape == "declared" else f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        for _ in range(16 if shape == "declared" else 64):
            try:
                sock.send(body)
            except (BlockingIOError, OSError):
                break
    return sock


def trickle(sockets: list[tuple[str, socket.socket]]) -> None:
    for shape, sock in sockets:
        if shape == "trickle":
            with contextlib.suppress(OSError):
                sock.send(b"{")


def well_behaved(port: int) -> tuple[float, int]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/mcp", data=CALL.encode(), headers=HEADERS)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return (time.perf_counter() - started) * 1000, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=300)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    connections = min(args.connections, 1000)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cpt97124_mcp", "serve", "--http", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "CPT97124_HTTP_TOKEN": ""})
    held: list[tuple[str, socket.socket]] = []
    try:
        wait_for_health(f"http://127.0.0.1:{port}", server)
        baseline = memory_mib(server.pid)[0]
        deadline = time.monotonic() + args.seconds
        shapes = ("declared", "chunked", "trickle")
        for n in range(connections):
            held.append((shapes[n % 3], hold(port, shapes[n % 3])))
        latencies, statuses = [], []
        for _ in range(args.requests):
            if time.monotonic() > deadline:
                break
            trickle(held)
            latency, status = well_behaved(port)
            latencies.append(latency)
            statuses.append(status)
        current, peak = memory_mib(server.pid)
    finally:
        for _, sock in held:
            sock.close()
        server.terminate()
        _, err = server.communicate(timeout=10)
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else median
    log_lines = err.decode(errors="replace").splitlines()
    print(f"{connections} held uploads (declared 4 MiB / chunked 4 MiB / trickle), {len(latencies)} calls: "
          f"median {median:.1f} ms, p95 {p95:.1f} ms, statuses {sorted(set(statuses))}; server memory "
          f"{baseline:.0f} MiB before, {current:.0f} MiB now, peak {peak:.0f} MiB; {len(log_lines)} log lines, "
          f"tracebacks: {sum('Traceback' in line for line in log_lines)}")
    ok = peak < 300 and median < 100 and set(statuses) == {200}
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
