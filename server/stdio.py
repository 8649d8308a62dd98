"""The stdio transport: every message the client can be answered about gets an answer, and no line costs more
than MAX_LINE_BYTES of memory.

The SDK's ``mcp.server.stdio.stdio_server`` reads stdin line by line without a length limit, and hands a line
that is not a valid JSON-RPC message to the session as an exception, which logs it and answers nothing: a client
waiting for that id hangs. Here stdin is read through ``CheckedLines`` before the SDK sees it:

- a line over MAX_LINE_BYTES (4 MiB) is read no further than that (the rest is skipped in chunks), logged as one
  WARNING and, when its opening names an ``id``, answered -32600;
- a line that is not JSON is answered -32700 (parse error) with the ``id`` read from its opening, else id null;
- JSON that is not a JSON-RPC message is answered -32600 (invalid request) when it has an ``id``;
- every other line goes to the SDK unchanged.

Answers and the SDK's own messages share one ``LineWriter``, a whole line at a time. As the SDK does, fd 0 and
fd 1 are moved off the wire while serving (fd 0 reads /dev/null, fd 1 writes to stderr), so a stray print cannot
corrupt it; both are restored on exit.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO

import anyio
import mcp_types as types
from mcp.server.stdio import stdio_server

MAX_LINE_BYTES = 4 << 20
SKIP_CHUNK = 1 << 16
PARSE_ERROR, INVALID_REQUEST = -32700, -32600
ID_AT_START = re.compile(rb'^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d{1,18}|"[^"\\]{0,200}")')
logger = logging.getLogger(__name__)


class LineWriter:
    """The wire out: each ``write`` is one whole message line, written and flushed under a lock."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.lock = out, threading.Lock()

    def write_now(self, text: str) -> None:
        with self.lock:
            self.out.write(text.encode())
            self.out.flush()

    async def write(self, text: str) -> None:
        await anyio.to_thread.run_sync(self.write_now, text)

    async def flush(self) -> None:
        """Each write is flushed already."""


class CheckedLines:
    """The wire in, as the SDK reads it (``async for line in stdin``): only lines that are JSON-RPC messages."""

    def __init__(self, raw: BinaryIO, answer: LineWriter) -> None:
        self.raw, self.answer = raw, answer

    def __aiter__(self) -> AsyncIterator[str]:
        return self.lines()

    async def lines(self) -> AsyncIterator[str]:
        while line := await anyio.to_thread.run_sync(self.raw.readline, MAX_LINE_BYTES + 1):
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                await anyio.to_thread.run_sync(self.skip_rest)
                logger.warning("stdio: a message over %d bytes was discarded", MAX_LINE_BYTES)
                await self.reply(line, INVALID_REQUEST, f"the message is over {MAX_LINE_BYTES} bytes", always=False)
                continue
            if not line.strip():
                continue
            problem = judge(line)
            if problem is None:
                yield line.decode("utf-8", "replace")
            else:
                await self.reply(line, *problem)

    def skip_rest(self) -> None:
        while (chunk := self.raw.readline(SKIP_CHUNK)) and not chunk.endswith(b"\n"):
            pass

    async def reply(self, line: bytes, code: int, message: str, always: bool = True) -> None:
        """Answer the message's id (read from its opening) with ``code``; without an id, id null if ``always``."""
        found = ID_AT_START.match(line[:1024])
        if found is None and not always:
            return
        ident: Any = json.loads(found[1]) if found else None
        if found is None and code == INVALID_REQUEST:
            return  # a notification, or no id to answer: nothing can be answered
        error = {"jsonrpc": "2.0", "id": ident, "error": {"code": code, "message": message}}
        await self.answer.write(json.dumps(error) + "\n")


def judge(line: bytes) -> tuple[int, str] | None:
    """None for a JSON-RPC message; else the error code and message to answer it with."""
    try:
        types.jsonrpc_message_adapter.validate_json(line, by_name=False)  # the SDK's own check, then the SDK's
    except ValueError:
        try:
            json.loads(line)
        except ValueError as exc:
            return PARSE_ERROR, f"parse error: not valid JSON ({str(exc)[:100]})"
        return INVALID_REQUEST, "invalid request: not a JSON-RPC 2.0 request, notification or response"
    return None


@contextmanager
def claimed_wire() -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """Private copies of fd 0 and fd 1 for the wire; fd 0 reads /dev/null and fd 1 writes to stderr meanwhile."""
    wire_in, wire_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    stdin, stdout = os.fdopen(wire_in, "rb"), os.fdopen(wire_out, "wb")
    try:
        yield stdin, stdout
    finally:
        with suppress(OSError, ValueError):
            sys.stdout.flush()
        os.dup2(wire_in, 0)
        os.dup2(wire_out, 1)
        stdin.close()
        stdout.close()


async def serve_stdio(server: Any) -> None:
    """Run ``server`` (an ``MCPServer``) over stdio through ``CheckedLines`` and one ``LineWriter``."""
    with claimed_wire() as (raw_in, raw_out):
        writer = LineWriter(raw_out)
        stdin: Any = CheckedLines(raw_in, writer)
        stdout: Any = writer
        async with stdio_server(stdin=stdin, stdout=stdout) as (read_stream, write_stream):
            lowlevel = server._lowlevel_server  # as the SDK's own MCPServer.run_stdio_async does
            await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())
