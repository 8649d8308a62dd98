"""Streamable HTTP for teams: one stateless app that answers JSON, guarded against DNS rebinding and,
optionally, by a bearer token (contract, "Command line": ``cpt97124-mcp serve --http``).

Stateless mode means every request stands alone, so any number of uvicorn workers can share the load::

    uvicorn --factory cpt97124_mcp.server.http:create_app --host 127.0.0.1 --port 8000 --workers 2

Settings come from the environment (the CLI flags of ``serve --http`` add to them):

- ``CPT97124_HTTP_TOKEN``: when set, every request but ``GET /health`` needs ``Authorization: Bearer <token>``.
- ``CPT97124_ALLOWED_HOSTS``: comma-separated extra Host header values (``mcp.example.org``); loopback
  names are always allowed. Requests naming another host get 421 (the SDK's transport security).
- ``CPT97124_ALLOWED_ORIGINS``: comma-separated extra Origin values; ``http(s)://`` plus each allowed host
  is allowed already.

Limits on slow and greedy clients (requests in flight, body size, body and header timeouts, quiet logs) are in
``server/limits.py``; with uvicorn directly, add ``--http cpt97124_mcp.server.limits:HeaderTimeoutProtocol``
for the header timeout.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from .app import NAME, build_server
from .limits import RequestLimits, quiet_server_logs

TOKEN_ENV = "CPT97124_HTTP_TOKEN"
HOSTS_ENV = "CPT97124_ALLOWED_HOSTS"
ORIGINS_ENV = "CPT97124_ALLOWED_ORIGINS"
HEALTH_PATH = "/health"
MCP_PATH = "/mcp"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class HttpSettings:
    """Who may reach the HTTP app: extra allowed hosts and origins, and the bearer token (None = no token)."""

    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    token: str | None = None

    @classmethod
    def from_env(cls, hosts: Sequence[str] = (), origins: Sequence[str] = ()) -> HttpSettings:
        """The environment's settings, plus ``hosts`` and ``origins`` given on the command line."""
        return cls(allowed_hosts=(*split_list(os.environ.get(HOSTS_ENV, "")), *hosts),
                   allowed_origins=(*split_list(os.environ.get(ORIGINS_ENV, "")), *origins),
                   token=os.environ.get(TOKEN_ENV) or None)


def split_list(text: str) -> list[str]:
    """``"a.example, b.example"`` -> ``["a.example", "b.example"]``."""
    return [item.strip() for item in text.split(",") if item.strip()]


def with_any_port(names: Iterable[str]) -> list[str]:
    """Each name (a host, or an origin such as ``http://localhost``) as given, and with any port unless it names
    one (the SDK's ``host:*`` pattern). The scheme's colon and an IPv6 address's colons are not a port."""
    patterns: list[str] = []
    for name in names:
        patterns.append(name)
        authority = name.split("://", 1)[-1].rsplit("]", 1)[-1]
        if ":" not in authority and not name.endswith(":*"):
            patterns.append(f"{name}:*")
    return patterns


def transport_security(settings: HttpSettings) -> TransportSecuritySettings:
    """DNS-rebinding protection on: loopback names plus the configured hosts, and their http(s) origins."""
    hosts = [*LOOPBACK_HOSTS, *settings.allowed_hosts]
    origins = [f"{scheme}://{host}" for host in hosts for scheme in ("http", "https")]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=with_any_port(hosts),
                                     allowed_origins=with_any_port([*origins, *settings.allowed_origins]))


def bearer_matches(header: bytes, token: bytes) -> bool:
    """``Authorization: Bearer <token>``, the scheme in any case (RFC 9110 §11.1), the token compared in
    constant time."""
    scheme, _, credentials = header.strip().partition(b" ")
    return hmac.compare_digest(credentials.strip(), token) and scheme.lower() == b"bearer"


class BearerTokenMiddleware:
    """Turns away (401) HTTP requests without ``Authorization: Bearer <token>``; ``/health`` stays open."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != HEALTH_PATH:
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not bearer_matches(given, self.token):
                response = JSONResponse({"error": "a bearer token is required (Authorization: Bearer <token>)"},
                                        status_code=401, headers={"WWW-Authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class NoStandaloneStream:
    """``GET`` (and ``DELETE``) on the MCP endpoint answer 405 with ``Allow: POST``: a stateless JSON server offers
    no standalone SSE stream and no session to end (MCP 2025-06-18, Transports, "Streamable HTTP": "Listening for
    Messages from the Server", the server MUST return text/event-stream or 405). The SDK would hold a GET open
    forever, sending nothing."""

    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] == "http" and method in ("GET", "DELETE") and scope["path"].rstrip("/") == self.path:
            response = JSONResponse({"error": f"{method} is not served: this server answers POST only (stateless, "
                                              "JSON responses)"}, status_code=405, headers={"Allow": "POST"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def health(request: Request) -> Response:
    """Liveness for load balancers and scripts: no token needed, no claim data."""
    return JSONResponse({"status": "ok", "name": NAME, "version": __version__})


def create_app(settings: HttpSettings | None = None) -> Starlette:
    """The ASGI app: MCP at ``/mcp`` (stateless, JSON responses) and ``GET /health``; uvicorn ``--factory``."""
    settings = settings or HttpSettings.from_env()
    server = build_server()
    server.custom_route(HEALTH_PATH, methods=["GET"])(health)
    app = server.streamable_http_app(json_response=True, stateless_http=True,
                                     transport_security=transport_security(settings))
    app.add_middleware(NoStandaloneStream, path=MCP_PATH)
    if settings.token:
        app.add_middleware(BearerTokenMiddleware, token=settings.token)
    app.add_middleware(RequestLimits)  # outermost: a request over the limits never reaches the rest
    quiet_server_logs()
    return app
