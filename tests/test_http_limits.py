"""The HTTP server under slow and greedy clients (issue 13, part 3): work in flight, body size and time are
bounded, logs stay short and cannot be flooded, and a non-loopback bind needs a token."""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cpt97124_mcp.cli.main import main
from cpt97124_mcp.server import limits
from cpt97124_mcp.server.limits import QuietWarnings, RequestLimits

from http_server import free_port

SCOPE = {"type": "http", "method": "POST", "path": "/mcp", "headers": []}


async def call(middleware: RequestLimits, headers: list[tuple[bytes, bytes]], messages: list[Any],
               wait: float = 0.0) -> list[dict[str, Any]]:
    """Run one request through ``middleware``: ``messages`` are what the client sends (then it hangs)."""
    sent: list[dict[str, Any]] = []
    pending = list(messages)

    async def receive() -> Any:
        if pending:
            return pending.pop(0)
        await asyncio.sleep(3600)

    async def send(message: Any) -> None:
        sent.append(message)

    await asyncio.wait_for(middleware({**SCOPE, "headers": headers}, receive, send), 5 + wait)
    return sent


async def echo(scope: Any, receive: Any, send: Any) -> None:
    body = (await receive())["body"]
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def status(sent: list[dict[str, Any]]) -> int | None:
    return sent[0]["status"] if sent else None


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read() -> None:
    sent = asyncio.run(call(RequestLimits(echo, max_body=100), [(b"content-length", b"4194304")], []))
    assert status(sent) == 413 and b"over 100 bytes" in sent[1]["body"]


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    chunks = [{"type": "http.request", "body": b"x" * 60, "more_body": True}] * 2
    assert status(asyncio.run(call(RequestLimits(echo, max_body=100), [], chunks))) == 413


def test_a_body_that_does_not_arrive_in_time_is_answered_408() -> None:
    started = time.monotonic()
    chunks = [{"type": "http.request", "body": b"{", "more_body": True}]
    assert status(asyncio.run(call(RequestLimits(echo, body_timeout=0.1), [], chunks))) == 408
    assert time.monotonic() - started < 2


def test_an_aborted_upload_reaches_neither_the_app_nor_the_log() -> None:
    chunks = [{"type": "http.request", "body": b"{", "more_body": True}, {"type": "http.disconnect"}]
    assert asyncio.run(call(RequestLimits(echo), [], chunks)) == []


async def slow_app(scope: Any, receive: Any, send: Any) -> None:
    await asyncio.sleep(0.3)
    await echo(scope, receive, send)


@pytest.mark.parametrize(("limit", "app", "expected"), [
    ({"max_reading": 2}, echo, [503, 408, 408, 200]),  # held uploads fill the reading places
    ({"max_in_flight": 2}, echo, [200, 408, 408, 200]),  # ... but never the places in the app
    ({"max_in_flight": 2}, slow_app, [503, 200, 200, 200]),  # slow work fills those
])
def test_requests_over_the_limits_get_503_at_once(limit: dict[str, int], app: Any, expected: list[int]) -> None:
    middleware = RequestLimits(app, body_timeout=0.3, **limit)
    body = [{"type": "http.request", "body": b"{}"}]
    first = [] if app is echo else body

    async def scenario() -> list[int | None]:
        held = [asyncio.create_task(call(middleware, [], list(first), wait=1)) for _ in range(2)]
        await asyncio.sleep(0.05)
        started = time.monotonic()
        other = await call(middleware, [], body)
        assert time.monotonic() - started < 0.2
        late = [status(sent) for sent in await asyncio.gather(*held)]
        return [status(other), *late, status(await call(middleware, [], body))]

    assert asyncio.run(scenario()) == expected


def test_warnings_are_one_short_line_and_cannot_flood_the_log(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.quiet")
    logger.addFilter(QuietWarnings())
    try:
        with caplog.at_level(logging.WARNING, logger="test.quiet"):
            for n in range(200):
                logger.warning(f"Invalid Host header: evil{n}.example\x1b[31m")
            try:
                raise ConnectionResetError("peer went away")
            except ConnectionResetError:
                logger.exception("Error handling POST request")
    finally:
        logger.filters.clear()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == limits.LOG_BURST + 1 and "\x1b" not in "".join(lines)
    assert caplog.records[-1].exc_info is None and "(ConnectionResetError)" in lines[-1]


def test_a_non_loopback_bind_without_a_token_refuses_to_start(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    import uvicorn

    monkeypatch.delenv("CPT97124_HTTP_TOKEN", raising=False)
    started: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw["host"]))
    assert main(["serve", "--http", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "CPT97124_HTTP_TOKEN" in err and "--insecure-no-token" in err
    assert main(["serve", "--http", "--host", "0.0.0.0", "--insecure-no-token"]) == 0
    monkeypatch.setenv("CPT97124_HTTP_TOKEN", "secret")
    assert main(["serve", "--http", "--host", "0.0.0.0"]) == 0 and started == ["0.0.0.0", "0.0.0.0"]


def serve_with_short_timeouts(port: int) -> list[str]:
    code = ("import cpt97124_mcp.server.limits as l; l.HEADER_TIMEOUT_S = 0.5; l.BODY_TIMEOUT_S = 0.5; "
            "from cpt97124_mcp.cli.main import main; "
            f"main(['serve', '--http', '--port', '{port}'])")
    return [sys.executable, "-c", code]


@pytest.mark.e2e
def test_slow_headers_are_cut_off_and_faults_log_short_lines() -> None:
    from http_server import wait_for_health

    port = free_port()
    server = subprocess.Popen(serve_with_short_timeouts(port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", server)
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and the rest never comes
        slow.settimeout(5)
        started = time.monotonic()
        assert slow.recv(100) == b"" and time.monotonic() - started < 3  # closed by the server
        for _ in range(30):  # refused Hosts and aborted uploads
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(b"POST /mcp HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
                             b"Accept: application/json, text/event-stream\r\nContent-Length: 2\r\n\r\n{}")
                assert b" 421 " in sock.recv(1000)
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"a")
        time.sleep(1)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    lines = err.decode().splitlines()
    assert "Traceback" not in err.decode() and sum("Invalid Host" in line for line in lines) <= limits.LOG_BURST
    assert all(len(line) < 300 for line in lines), lines


@pytest.mark.e2e
def test_held_uploads_cost_bounded_memory_and_others_are_still_served() -> None:
    script = Path(__file__).resolve().parents[1] / "bench" / "bench_slow_clients.py"
    done = subprocess.run([sys.executable, str(script), "--connections", "100", "--check"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
