"""Streamable HTTP over a real socket: the SDK client in both protocol eras, Host checks, the token, /health,
and several uvicorn workers (server/http.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from cpt97124_mcp.server.http import HttpSettings, transport_security, with_any_port

from http_server import free_port, request, running, serve_command, uvicorn_command

pytestmark = pytest.mark.anyio

TOKEN = "test-token-5f2c"
UNITS_CALL = {"services": [{"code": "97110", "minutes": 33}, {"code": "97140", "minutes": 7}]}
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "raw", "version": "0"}}}
MCP_HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def open_server() -> Iterator[str]:
    port = free_port()
    with running(serve_command(port, "--allowed-host", "mcp.example.org"), port) as base:
        yield base


@pytest.fixture(scope="module")
def token_server() -> Iterator[str]:
    port = free_port()
    with running(serve_command(port), port, CPT97124_HTTP_TOKEN=TOKEN) as base:
        yield base


async def units_over_http(url: str, mode: str, headers: dict[str, str] | None = None) -> dict[str, object]:
    async with httpx2.AsyncClient(headers=headers) as http, \
            Client(streamable_http_client(url, http_client=http), mode=mode) as client:  # type: ignore[arg-type]
        assert "compute_units" in [t.name for t in (await client.list_tools()).tools]
        result = await client.call_tool("compute_units", UNITS_CALL)
    assert not result.is_error
    return dict(result.structured_content or {})


@pytest.mark.e2e
async def test_official_client_lists_tools_and_computes_units(open_server: str, mode: str) -> None:
    async with Client(f"{open_server}/mcp", mode=mode) as client:  # type: ignore[arg-type]
        assert "compute_units" in [t.name for t in (await client.list_tools()).tools]
        result = await client.call_tool("compute_units", UNITS_CALL)
    assert [ln["units"] for ln in result.structured_content["lines"]] == [2, 1]


@pytest.mark.e2e
def test_health_answers_json(open_server: str) -> None:
    status, body = request(f"{open_server}/health")
    assert status == 200 and json.loads(body)["status"] == "ok"


@pytest.mark.parametrize(("headers", "status"), [
    ({"Host": "evil.example"}, 421),
    ({"Host": "mcp.example.org"}, 200),
    ({"Origin": "http://evil.example"}, 403),
    ({"Origin": "https://mcp.example.org"}, 200),
])
@pytest.mark.e2e
def test_host_and_origin_are_checked(open_server: str, headers: dict[str, str], status: int) -> None:
    answer = request(f"{open_server}/mcp", method="POST", headers={**MCP_HEADERS, **headers}, body=INITIALIZE)
    assert answer[0] == status


@pytest.mark.e2e
@pytest.mark.parametrize(("authorization", "status"), [
    (None, 401), ("Bearer wrong", 401), (TOKEN, 401), (f"Bearer {TOKEN}", 200)])
def test_token_is_required_when_set(token_server: str, authorization: str | None, status: int) -> None:
    headers = MCP_HEADERS | ({"Authorization": authorization} if authorization else {})
    assert request(f"{token_server}/mcp", method="POST", headers=headers, body=INITIALIZE)[0] == status


@pytest.mark.e2e
def test_health_needs_no_token(token_server: str) -> None:
    assert request(f"{token_server}/health")[0] == 200


@pytest.mark.e2e
async def test_official_client_with_the_token(token_server: str, mode: str) -> None:
    content = await units_over_http(f"{token_server}/mcp", mode, {"Authorization": f"Bearer {TOKEN}"})
    assert content["total_units"] == 3


@pytest.mark.e2e
async def test_two_uvicorn_workers_answer_concurrent_clients() -> None:
    port = free_port()
    with running(uvicorn_command(port, workers=2), port) as base:
        totals: list[object] = []

        async def one(mode: str) -> None:
            totals.append((await units_over_http(f"{base}/mcp", mode))["total_units"])

        async with anyio.create_task_group() as group:
            for n in range(6):
                group.start_soon(one, ("auto", "legacy")[n % 2])
    assert totals == [3] * 6


@pytest.mark.parametrize(("names", "patterns"), [
    (["mcp.example.org"], ["mcp.example.org", "mcp.example.org:*"]),
    (["mcp.example.org:8443"], ["mcp.example.org:8443"]),
    (["[::1]"], ["[::1]", "[::1]:*"]),
    (["localhost:*"], ["localhost:*"]),
])
def test_allowed_names_match_any_port_unless_one_is_given(names: list[str], patterns: list[str]) -> None:
    assert with_any_port(names) == patterns


def test_rebinding_protection_is_always_on_with_loopback_allowed() -> None:
    settings = transport_security(HttpSettings(allowed_hosts=("mcp.example.org",)))
    assert settings.enable_dns_rebinding_protection
    assert {"127.0.0.1:*", "localhost:*", "mcp.example.org"} <= set(settings.allowed_hosts)
    assert "https://mcp.example.org" in settings.allowed_origins


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPT97124_ALLOWED_HOSTS", "a.example, b.example")
    monkeypatch.setenv("CPT97124_HTTP_TOKEN", "t")
    settings = HttpSettings.from_env(hosts=["c.example"])
    assert settings.allowed_hosts == ("a.example", "b.example", "c.example") and settings.token == "t"
