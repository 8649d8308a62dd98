"""Issue 14, "In every client": loopback origins with a port, GET /mcp answers 405, the bearer scheme in any
case. The ASGI-level tests need no socket; the e2e ones run the real server (tests/http_server.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.transport_security import TransportSecurityMiddleware

from cpt97124_mcp.server.http import HttpSettings, NoStandaloneStream, bearer_matches, transport_security

from http_server import free_port, request, running, serve_command

pytestmark = pytest.mark.anyio

LOOPBACK_ORIGINS = ["http://localhost:6274", "http://127.0.0.1:5173", "http://[::1]:6274", "http://localhost",
                    "https://127.0.0.1:8443", "http://[::1]"]
FOREIGN_ORIGINS = ["http://evil.example", "http://evil.example:6274", "http://localhost.evil.example",
                   "https://127.0.0.1.evil.example:443", "null"]


@pytest.mark.parametrize("origin", LOOPBACK_ORIGINS)
def test_loopback_origins_with_or_without_a_port_are_accepted(origin: str) -> None:
    assert TransportSecurityMiddleware(transport_security(HttpSettings()))._validate_origin(origin)


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
def test_foreign_origins_are_refused(origin: str) -> None:
    assert not TransportSecurityMiddleware(transport_security(HttpSettings()))._validate_origin(origin)


@pytest.mark.parametrize(("header", "ok"), [
    (b"Bearer tok", True), (b"bearer tok", True), (b"BEARER  tok ", True), (b"Basic tok", False),
    (b"Bearer tok2", False), (b"tok", False), (b"", False), (b"Bearertok", False)])
def test_the_bearer_scheme_is_case_insensitive(header: bytes, ok: bool) -> None:
    assert bearer_matches(header, b"tok") is ok


async def asgi(app: Any, method: str, path: str) -> tuple[int, dict[bytes, bytes]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "method": method, "path": path, "headers": []}, receive, send)
    start = sent[0]
    return start["status"], dict(start["headers"])


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_get_on_the_stateless_endpoint_answers_405(method: str) -> None:
    async def inner(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("reached the SDK")

    status, headers = await asgi(NoStandaloneStream(inner, "/mcp"), method, "/mcp")
    assert status == 405 and headers[b"allow"] == b"POST"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    with running(serve_command(port), port, CPT97124_HTTP_TOKEN="tok") as base:
        yield base


MCP_HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "raw", "version": "0"}}}


@pytest.mark.e2e
@pytest.mark.parametrize(("origin", "status"), [*((o, 200) for o in LOOPBACK_ORIGINS[:3]),
                                                ("http://evil.example:6274", 403)])
def test_the_real_server_checks_origins_and_a_lower_case_bearer(server: str, origin: str, status: int) -> None:
    headers = {**MCP_HEADERS, "Origin": origin, "Authorization": "bearer tok"}
    answer = request(f"{server}/mcp", method="POST", headers=headers, body=INITIALIZE)
    assert answer[0] == status, answer


@pytest.mark.e2e
def test_the_real_server_answers_get_with_405_at_once(server: str) -> None:
    status, body = request(f"{server}/mcp", headers={"Accept": "text/event-stream", "Authorization": "Bearer tok"})
    assert status == 405 and "POST" in json.loads(body)["error"]
