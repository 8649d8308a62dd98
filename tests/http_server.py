"""Run the HTTP server as a real subprocess on a free loopback port, for the tests that need a socket."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from typing import Any

START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request(url: str, *, method: str = "GET", headers: dict[str, str] | None = None,
            body: Any = None) -> tuple[int, bytes]:
    """One raw HTTP request: (status, body), also for 4xx answers."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for_health(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {process.stderr.read().decode()}")
        with contextlib.suppress(OSError):
            if request(f"{base}/health")[0] == 200:
                return
        time.sleep(0.1)
    raise TimeoutError(f"{base}/health did not answer within {START_TIMEOUT} s")


@contextlib.contextmanager
def running(command: Sequence[str], port: int, **env: str) -> Iterator[str]:
    """Start ``command`` (listening on ``port``), yield its base URL once /health answers, always stop it."""
    process = subprocess.Popen([*command], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stderr.close()  # type: ignore[union-attr]


def serve_command(port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cpt97124_mcp", "serve", "--http", "--port", str(port), *extra]


def uvicorn_command(port: int, workers: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "--factory", "cpt97124_mcp.server.http:create_app",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
