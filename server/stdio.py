"""The stdio transport: newline-delimited JSON-RPC on stdin and stdout (MCP specification, "Transports: stdio").

The SDK's ``mcp.server.stdio.stdio_server`` reads stdin line by line without a length limit, hands a line that is
not a valid JSON-RPC message to the session as an exception, which logs it and answers nothing (a client waiting
for that id hangs), and reads and writes each message through a worker thread (two thread hand-offs a request,
most of a short call's time). This transport feeds the SDK's server the same streams of ``SessionMessage`` and:

- reads a line no further than MAX_LINE_BYTES (``server/wire.py``): the rest is skipped, one WARNING is logged
  and, when its opening names an ``id``, that id is answered -32600;
- answers a line that is not JSON -32700 (parse error), with the ``id`` read from its opening, else id null;
- answers JSON that is not a JSON-RPC message -32600 (invalid request) when it has an ``id``;
- checks each line once, with the SDK's own message model;
- waits for stdin and stdout in the event loop where the descriptor can be polled (``server/wire.py``);
- hands the server at most MAX_UNANSWERED requests not yet answered at a time, answers every request it has read
  before it lets the server stop at the end of stdin (``Unanswered``), and stops with one WARNING when the client
  closes stdout.

As the SDK does, fd 0 and fd 1 are moved off the wire while serving (``claimed_wire``), so a stray print cannot
corrupt it.
"""

from __future__ import annotations

import json
import logging
import re
from contextlib import suppress
from typing import Any

import anyio
import mcp_types as types
from mcp.shared.message import SessionMessage

from .wire import MAX_LINE_BYTES, ClientGone, LineReader, LineWriter, claimed_wire

DRAIN_S = 30.0
MAX_UNANSWERED = 256
PARSE_ERROR, INVALID_REQUEST = -32700, -32600
ID_AT_START = re.compile(rb'^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d{1,18}|"[^"\\]{0,200}")')
logger = logging.getLogger(__name__)


def judge(line: bytes) -> types.JSONRPCMessage | tuple[int, str]:
    """The JSON-RPC message on ``line``; else the error code and message to answer it with."""
    try:
        return types.jsonrpc_message_adapter.validate_json(line, by_name=False)  # as the SDK's stdio_server
    except ValueError:
        try:
            json.loads(line)
        except ValueError as exc:
            return PARSE_ERROR, f"parse error: not valid JSON ({str(exc)[:100]})"
        return INVALID_REQUEST, "invalid request: not a JSON-RPC 2.0 request, notification or response"


def error_reply(line: bytes, code: int, message: str, always: bool = True) -> types.JSONRPCError | None:
    """The answer to the message's id (read from its opening) with ``code``; without an id, id null if ``always``
    and the code is a parse error (an invalid request without an id is a notification: nothing to answer)."""
    found = ID_AT_START.match(line[:1024])
    if found is None and (not always or code == INVALID_REQUEST):
        return None
    ident: Any = json.loads(found[1]) if found else None
    return types.JSONRPCError(jsonrpc="2.0", id=ident, error=types.ErrorData(code=code, message=message))


class Unanswered:
    """The ids of requests read and not yet answered. At most MAX_UNANSWERED are handed to the server at a time (a
    client that sends without reading the answers is held back by its pipe, not by our memory). The SDK's server
    cancels its handlers when stdin ends, so a client that sends its last request and closes stdin
    (``cpt97124-mcp < requests.jsonl``) would lose the answer: the wire stays open until every request read is
    answered or cancelled, for at most DRAIN_S seconds."""

    def __init__(self) -> None:
        self.ids: set[Any] = set()
        self.changed = anyio.Event()

    async def admit(self, message: types.JSONRPCMessage) -> None:
        """Note a message read for the server; a request first waits while MAX_UNANSWERED are unanswered."""
        if isinstance(message, types.JSONRPCRequest):
            await self.fewer_than(MAX_UNANSWERED)
            self.ids.add(message.id)
        elif (cancelled := cancelled_request(message)) is not None:
            self.answered(cancelled)  # a cancelled request gets no answer (MCP specification, "Cancellation")

    def written(self, message: types.JSONRPCMessage) -> None:
        if isinstance(message, types.JSONRPCResponse | types.JSONRPCError):
            self.answered(message.id)

    def answered(self, ident: Any) -> None:
        if ident in self.ids:
            self.ids.discard(ident)
            self.changed.set()
            self.changed = anyio.Event()

    async def fewer_than(self, count: int) -> None:
        while len(self.ids) >= count:
            await self.changed.wait()

    async def all_answered(self) -> None:
        with anyio.move_on_after(DRAIN_S):
            await self.fewer_than(1)


def cancelled_request(message: types.JSONRPCMessage) -> Any:
    """The id of the request a ``notifications/cancelled`` names; None for any other message."""
    if isinstance(message, types.JSONRPCNotification) and message.method == "notifications/cancelled":
        return message.params.get("requestId") if isinstance(message.params, dict) else None
    return None


async def read_wire(reader: LineReader, unanswered: Unanswered,
                    to_server: anyio.abc.ObjectSendStream[SessionMessage | Exception],
                    to_wire: anyio.abc.ObjectSendStream[SessionMessage]) -> None:
    """Every message line to the server; every other line answered on the wire where it can be. Reading stops
    when the writer has stopped (the client closed stdout): nothing read after that could be answered."""
    async with to_server, to_wire:
        with suppress(anyio.BrokenResourceError):
            await forward_lines(reader, unanswered, to_server, to_wire)
            await unanswered.all_answered()


async def forward_lines(reader: LineReader, unanswered: Unanswered,
                        to_server: anyio.abc.ObjectSendStream[SessionMessage | Exception],
                        to_wire: anyio.abc.ObjectSendStream[SessionMessage]) -> None:
    async for line, whole in reader.lines():
        if not whole:
            logger.warning("stdio: a message over %d bytes was discarded", MAX_LINE_BYTES)
            reply = error_reply(line, INVALID_REQUEST, f"the message is over {MAX_LINE_BYTES} bytes", False)
        elif not line.strip():
            continue
        elif isinstance(message := judge(line), tuple):
            reply = error_reply(line, *message)
        else:
            await unanswered.admit(message)
            await to_server.send(SessionMessage(message))
            continue
        if reply is not None:
            await to_wire.send(SessionMessage(reply))


async def write_wire(writer: LineWriter, unanswered: Unanswered,
                     from_server: anyio.abc.ObjectReceiveStream[SessionMessage]) -> None:
    """Every message of the server, a line each."""
    async with from_server:
        async for message in from_server:
            text = message.message.model_dump_json(by_alias=True, exclude_unset=True)  # as the SDK's stdio_server
            await writer.write(text.encode() + b"\n")
            unanswered.written(message.message)


async def serve_stdio(server: Any) -> None:
    """Run ``server`` (an ``MCPServer``) over stdio until stdin ends."""
    with claimed_wire() as (fd_in, fd_out):
        writer = LineWriter(fd_out)
        try:
            to_server, from_wire = anyio.create_memory_object_stream[SessionMessage | Exception](0)
            to_wire, from_server = anyio.create_memory_object_stream[SessionMessage](0)
            lowlevel = server._lowlevel_server  # as the SDK's own MCPServer.run_stdio_async does
            async with anyio.create_task_group() as tasks:
                unanswered = Unanswered()
                tasks.start_soon(read_wire, LineReader(fd_in), unanswered, to_server, to_wire.clone())
                tasks.start_soon(write_wire, writer, unanswered, from_server)
                await lowlevel.run(from_wire, to_wire, lowlevel.create_initialization_options())
        except* ClientGone:
            logger.warning("stdio: the client closed stdout; stopping")
        finally:
            writer.close()
