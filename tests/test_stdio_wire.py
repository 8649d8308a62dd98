"""The stdio wire's bytes (server/wire.py): lines read whole with no line held beyond the maximum, from a pipe the
event loop polls or a regular file read in a worker thread; answers written whole through a full pipe."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import pytest

from cpt97124_mcp.server import wire


@contextmanager
def wire_source(kind: str, data: bytes) -> Iterator[int]:
    """A descriptor that reads ``data``: a pipe fed by a thread (the event loop polls it) or a regular file (read in
    a worker thread)."""
    if kind == "file":
        with tempfile.TemporaryFile() as file:
            file.write(data)
            file.seek(0)
            yield file.fileno()
        return
    read_end, write_end = os.pipe()
    feeder = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
    feeder.start()
    try:
        yield read_end
    finally:
        feeder.join(timeout=30)
        os.close(read_end)


@pytest.mark.parametrize(("kind", "windows", "expected"), [
    ("pipe", False, True), ("file", False, False), ("pipe", True, False)])
def test_only_what_the_event_loop_can_wait_on_is_polled(kind: str, windows: bool, expected: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire, "WINDOWS", windows)
    with wire_source(kind, b"") as fd:
        assert wire.pollable(fd) is expected


@pytest.mark.parametrize("kind", ["pipe", "file"])
def test_lines_are_read_whole_and_a_huge_line_is_never_held_whole(kind: str) -> None:
    ping = b'{"jsonrpc": "2.0", "id": 4, "method": "ping"}'
    huge = b'{"id": 3, "x": "' + b"a" * (wire.MAX_LINE_BYTES * 2) + b'"}'
    just_over = b"b" * (wire.MAX_LINE_BYTES + 1)
    data = b"\n".join([ping, huge, ping, just_over, b"", ping])  # the last line has no newline

    async def read(fd: int) -> tuple[list[tuple[bytes, bool]], bool]:
        reader = wire.LineReader(fd)
        return [item async for item in reader.lines()], reader.polled

    with wire_source(kind, data) as fd:
        tracemalloc.start()
        lines, polled = anyio.run(read, fd)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert polled == (kind == "pipe")
    assert lines == [(ping, True), (huge[:1024], False), (ping, True), (just_over[:1024], False), (b"", True),
                     (ping, True)]
    assert peak < wire.MAX_LINE_BYTES * 1.5  # the buffer: at most the maximum and a byte (and its spare room)


def test_a_line_after_a_huge_one_is_given_without_waiting_for_more_input() -> None:
    ping = b'{"jsonrpc": "2.0", "id": 4, "method": "ping"}'
    read_end, write_end = os.pipe()
    client_waits = threading.Event()

    def feed() -> None:
        os.write(write_end, b"a" * (wire.MAX_LINE_BYTES + 10))  # over the maximum before its end arrives
        time.sleep(0.5)  # read by now: the reader skips the rest of the line
        os.write(write_end, b"aa\n" + ping + b"\n")  # one write: the huge line's end and the request come together
        client_waits.wait(30)  # the client keeps stdin open, waiting for its answer
        os.close(write_end)

    async def first_two() -> list[tuple[bytes, bool]]:
        with anyio.fail_after(20):
            lines = []
            async for item in wire.LineReader(read_end).lines():
                lines.append(item)
                if len(lines) == 2:
                    return lines
        return lines

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        assert anyio.run(first_two) == [(b"a" * 1024, False), (ping, True)]
    finally:
        client_waits.set()
        feeder.join(timeout=30)
        os.close(read_end)


def test_a_message_larger_than_the_pipe_is_written_whole_and_stdout_left_blocking() -> None:
    read_end, write_end = os.pipe()
    message = b"x" * 1_000_000 + b"\n"  # a pipe holds 64 KiB: the writer waits for the reader many times
    received = bytearray()
    chunks = iter(lambda: os.read(read_end, 4096), b"")
    drain = threading.Thread(target=lambda: [received.extend(chunk) for chunk in chunks])
    drain.start()
    try:
        writer = wire.LineWriter(write_end)
        assert writer.polled and not os.get_blocking(write_end)
        anyio.run(writer.write, message)
        writer.close()
        assert os.get_blocking(write_end)
    finally:
        os.close(write_end)
        drain.join(timeout=30)
        os.close(read_end)
    assert received == message
