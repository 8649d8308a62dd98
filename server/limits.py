"""The HTTP server under slow and greedy clients: bounded work in flight, bounded bodies, timeouts, quiet logs.

- ``RequestLimits`` (ASGI middleware): at most MAX_IN_FLIGHT requests in the app and MAX_READING bodies being read
  at once, the others answered 503 at once (``Retry-After: 1``), never queued; a body over MAX_BODY_BYTES
  (256 KiB) is refused with 413 from its ``Content-Length`` before a byte is read, or, without one, as soon as the
  bytes read pass the limit; a body not complete within BODY_TIMEOUT_S is answered 408. The body is read whole
  before the app sees the request, so a held upload costs at most MAX_BODY_BYTES for at most BODY_TIMEOUT_S and
  never holds a place in the app; a client that goes away mid-upload is simply dropped.
- ``HeaderTimeoutProtocol`` (uvicorn's h11 protocol): a connection whose request headers are not complete within
  HEADER_TIMEOUT_S is closed (uvicorn itself waits for them without limit); idle keep-alive connections are
  closed by uvicorn's ``timeout_keep_alive``.
- ``QuietWarnings`` (a log filter on the SDK's and uvicorn's loggers): a refused Host or Origin and other
  per-request faults log one short line (a WARNING stays a WARNING, an error an ERROR), never a traceback, and at
  most LOG_BURST lines of one kind per LOG_WINDOW_S; the next line says how many were left out. A client that
  goes away mid-upload never reaches the SDK (``RequestLimits``), so it logs nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_IN_FLIGHT = 64
MAX_READING = 512
MAX_BODY_BYTES = 256 << 10  # a claim of 50 lines is about 15 KB
BODY_TIMEOUT_S = 10.0
HEADER_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 5
LOG_BURST = 5
LOG_WINDOW_S = 60.0
QUIET_LOGGERS = ("mcp.server.transport_security", "mcp.server.streamable_http", "mcp.server.streamable_http_manager",
                 "mcp.server.lowlevel.server", "uvicorn.error")


class BodyRefused(Exception):
    """The request's body is over the limit or too slow: answered with ``status`` and closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class RequestLimits:
    """At most ``max_reading`` bodies being read and ``max_in_flight`` requests in the app at once (503 beyond),
    bodies of at most ``max_body`` bytes (413), read within ``body_timeout`` seconds (408). A slow upload holds
    a reading place, never a place in the app."""

    def __init__(self, app: ASGIApp, max_in_flight: int = MAX_IN_FLIGHT, max_body: int = MAX_BODY_BYTES,
                 body_timeout: float = BODY_TIMEOUT_S, max_reading: int = MAX_READING) -> None:
        self.app, self.max_in_flight, self.max_body, self.body_timeout = app, max_in_flight, max_body, body_timeout
        self.max_reading = max_reading
        self.in_flight = self.reading = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.reading >= self.max_reading:
            await refuse(scope, receive, send, 503, "the server is busy; try again", {"Retry-After": "1"})
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            await refuse(scope, receive, send, 413, f"the body is over {self.max_body:,} bytes")
            return
        self.reading += 1
        try:
            body = await self.read_body(receive)
        except BodyRefused as refused:
            await refuse(scope, receive, send, refused.status, str(refused))
            return
        finally:
            self.reading -= 1
        if body is None:
            return  # an aborted upload: nobody to answer, nothing to log
        if self.in_flight >= self.max_in_flight:
            await refuse(scope, receive, send, 503, "the server is busy; try again", {"Retry-After": "1"})
            return
        self.in_flight += 1
        try:
            await self.app(scope, replay(body, receive), send)
        finally:
            self.in_flight -= 1

    async def read_body(self, receive: Receive) -> bytes | None:
        """The whole body, read here so the app never sees a partial one; None when the client went away."""
        deadline = time.monotonic() + self.body_timeout
        chunks: list[bytes] = []
        seen = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0.001))
            except TimeoutError:
                raise BodyRefused(408, f"the body did not arrive within {self.body_timeout:g} s") from None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                raise BodyRefused(413, f"the body is over {self.max_body:,} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` whole, then waits on the client (for its disconnect)."""
    given = False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str,
                 headers: dict[str, str] | None = None) -> None:
    """Answer ``status`` and close the connection (the unread body is never read)."""
    response = JSONResponse({"error": message}, status_code=status, headers={**(headers or {}), "Connection": "close"})
    await response(scope, receive, send)


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose first request headers take over HEADER_TIMEOUT_S."""

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.header_timer = self.loop.call_later(HEADER_TIMEOUT_S, self.headers_overdue)

    def headers_overdue(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.header_timer.cancel()
        super().connection_lost(exc)


class QuietWarnings(logging.Filter):
    """One short line per fault, no traceback, at most LOG_BURST lines of a kind per LOG_WINDOW_S."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: dict[str, tuple[float, int]] = {}  # kind -> (window start, lines in it)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        text = "".join(c if c.isprintable() else "?" for c in record.getMessage()[:160])
        kind = f"{record.name}:{text.split(':')[0][:60]}"  # "Invalid Host header", whatever the host
        if record.exc_info and record.exc_info[0] is not None:
            text = f"{text} ({record.exc_info[0].__name__})"
            record.exc_info, record.exc_text = None, None
        now = time.monotonic()
        start, count = self.windows.get(kind, (now, 0))
        if now - start > LOG_WINDOW_S:
            if count > LOG_BURST:
                text = f"{text} ({count - LOG_BURST} similar lines left out in the last {LOG_WINDOW_S:g} s)"
            start, count = now, 0
        if len(self.windows) > 1000:
            self.windows.clear()
        self.windows[kind] = (start, count + 1)
        record.msg, record.args = text, None
        return count < LOG_BURST


def quiet_server_logs() -> None:
    """Put one QuietWarnings on the loggers that report per-request faults."""
    quiet = QuietWarnings()
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuietWarnings) for f in logger.filters):
            logger.addFilter(quiet)
