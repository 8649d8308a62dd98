"""stdio answers every message it can read an id from, a line over the maximum costs no more than that (issue 13,
part 4), every request read is answered before the server stops, and the wire is read and written with or
without polling (server/stdio.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import anyio
import pytest

from cpt97124_mcp.server import stdio

INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}


@pytest.mark.parametrize(("line", "expected"), [
    (b'{"jsonrpc": "2.0", "id": 1, "method": "ping"}', None),
    (b'{"id": 7, "method": "tools/list", ', (stdio.PARSE_ERROR, "parse error")),
    (b'{"jsonrpc": "2.0", "id": "a", "method": 5}', (stdio.INVALID_REQUEST, "invalid request")),
    (b"[1, 2]", (stdio.INVALID_REQUEST, "invalid request")),
])
def test_lines_are_judged(line: bytes, expected: tuple[int, str] | None) -> None:
    judged = stdio.judge(line)
    assert ((judged[0], judged[1].split(":")[0]) if isinstance(judged, tuple) else None) == expected


def exchange(lines: list[bytes], count: int) -> tuple[list[dict[str, Any]], str]:
    """Send ``lines`` to a real stdio server, read ``count`` answers, close; (answers, stderr)."""
    server = subprocess.Popen([sys.executable, "-m", "cpt97124_mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert server.stdin is not None and server.stdout is not None

    def feed() -> None:
        for line in lines:
            server.stdin.write(line if line.endswith(b"\n") else line + b"\n")  # type: ignore[union-attr]
            server.stdin.flush()  # type: ignore[union-attr]

    feeder = threading.Thread(target=feed)
    feeder.start()
    answers = [json.loads(server.stdout.readline()) for _ in range(count)]
    feeder.join(timeout=60)
    server.stdin.close()
    assert server.wait(timeout=30) == 0
    return answers, server.stderr.read().decode()  # type: ignore[union-attr]


@pytest.mark.e2e
def test_every_message_with_a_readable_id_is_answered_and_a_huge_line_is_skipped() -> None:
    huge = b'{"jsonrpc": "2.0", "id": 9, "method": "ping", "params": {"x": "' + b"a" * (stdio.MAX_LINE_BYTES * 3)
    answers, err = exchange([
        json.dumps(INIT).encode(),
        b'{"id": 7, "method": "tools/list", ',  # not JSON, id readable: -32700
        b'{"jsonrpc": "2.0", "id": "x", "method": 5}',  # JSON, not a request: -32600
        b'{"jsonrpc": "2.0", "method": 5}',  # no id: nothing to answer
        huge + b'"}}',  # over the maximum: skipped, -32600 for id 9
        b'{"jsonrpc": "2.0", "id": 2, "method": "ping"}',  # still served
    ], 5)
    codes = {a["id"]: a.get("error", {}).get("code") for a in answers}  # errors are answered as read: any order
    assert codes == {0: None, 7: -32700, "x": -32600, 9: -32600, 2: None}
    assert "over 4194304 bytes" in err and "discarded" in err and "Traceback" not in err


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
    monkeypatch.setattr(stdio, "WINDOWS", windows)
    with wire_source(kind, b"") as fd:
        assert stdio.pollable(fd) is expected


@pytest.mark.parametrize("kind", ["pipe", "file"])
def test_lines_are_read_whole_and_a_huge_line_is_never_held_whole(kind: str) -> None:
    ping = b'{"jsonrpc": "2.0", "id": 4, "method": "ping"}'
    huge = b'{"id": 3, "x": "' + b"a" * (stdio.MAX_LINE_BYTES * 2) + b'"}'
    just_over = b"b" * (stdio.MAX_LINE_BYTES + 1)
    data = b"\n".join([ping, huge, ping, just_over, b"", ping])  # the last line has no newline

    async def read(fd: int) -> tuple[list[tuple[bytes, bool]], bool]:
        reader = stdio.LineReader(fd)
        return [item async for item in reader.lines()], reader.polled

    with wire_source(kind, data) as fd:
        tracemalloc.start()
        lines, polled = anyio.run(read, fd)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert polled == (kind == "pipe")
    assert lines == [(ping, True), (huge[:1024], False), (ping, True), (just_over[:1024], False), (b"", True),
                     (ping, True)]
    assert peak < stdio.MAX_LINE_BYTES * 1.5  # the buffer: at most the maximum and a byte (and its spare room)


def test_a_line_after_a_huge_one_is_given_without_waiting_for_more_input() -> None:
    ping = b'{"jsonrpc": "2.0", "id": 4, "method": "ping"}'
    read_end, write_end = os.pipe()
    client_waits = threading.Event()

    def feed() -> None:
        os.write(write_end, b"a" * (stdio.MAX_LINE_BYTES + 10))  # over the maximum before its end arrives
        time.sleep(0.5)  # read by now: the reader skips the rest of the line
        os.write(write_end, b"aa\n" + ping + b"\n")  # one write: the huge line's end and the request come together
        client_waits.wait(30)  # the client keeps stdin open, waiting for its answer
        os.close(write_end)

    async def first_two() -> list[tuple[bytes, bool]]:
        with anyio.fail_after(20):
            lines = []
            async for item in stdio.LineReader(read_end).lines():
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


def test_a_line_over_the_maximum_is_answered_by_its_id_and_bad_lines_by_theirs() -> None:
    huge = b'{"jsonrpc": "2.0", "id": 3, "x": "' + b"a" * stdio.MAX_LINE_BYTES
    assert stdio.error_reply(huge, stdio.INVALID_REQUEST, "too long", always=False).id == 3  # type: ignore[union-attr]
    assert stdio.error_reply(b'{"x": 1, "id": 3}', stdio.INVALID_REQUEST, "bad") is None  # no id at the opening
    assert stdio.error_reply(b"{oops", stdio.PARSE_ERROR, "bad").id is None  # type: ignore[union-attr]


@pytest.mark.e2e
def test_every_request_is_answered_when_stdin_ends_right_after_it(tmp_path: Path) -> None:
    args = {"services": [{"code": "97124", "minutes": 23}, {"code": "97110", "minutes": 20}]}
    calls = [{"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {"name": "compute_units", "arguments": args}}
             for n in range(1, 21)]
    requests = tmp_path / "requests.jsonl"
    requests.write_text("\n".join(json.dumps(m) for m in [INIT, *calls]))  # no newline after the last
    with requests.open("rb") as stdin:  # a regular file: read in a worker thread; stdout a pipe: polled
        done = subprocess.run([sys.executable, "-m", "cpt97124_mcp"], stdin=stdin, capture_output=True, timeout=60)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and sorted(a["id"] for a in answers) == list(range(21))
    assert all(a["result"]["structuredContent"]["total_timed_units"] == 3 for a in answers if a["id"])


@pytest.mark.e2e
def test_a_client_that_closes_stdout_stops_the_server_with_one_line() -> None:
    server = subprocess.Popen([sys.executable, "-m", "cpt97124_mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert server.stdin is not None and server.stdout is not None and server.stderr is not None
    server.stdout.close()
    malformed = [b'{"id": %d, "method": "x", ' % n for n in range(1, 30)]  # each would be answered -32700
    pings = [b'{"jsonrpc": "2.0", "id": %d, "method": "ping"}' % n for n in range(30, 60)]
    with suppress(BrokenPipeError):  # the server may be gone before all is written
        server.stdin.write(b"\n".join([json.dumps(INIT).encode(), *malformed, *pings]) + b"\n")
        server.stdin.flush()
    assert server.wait(timeout=30) == 0
    err = server.stderr.read().decode()
    assert "the client closed stdout" in err and "Traceback" not in err
    with suppress(BrokenPipeError):
        server.stdin.close()


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the server's memory from /proc")
def test_a_client_that_sends_without_reading_is_held_back_not_buffered() -> None:
    server = subprocess.Popen([sys.executable, "-m", "cpt97124_mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    assert server.stdin is not None and server.stdout is not None
    args = {"services": [{"code": "97124", "minutes": 23}, {"code": "97110", "minutes": 20}]}
    count = 5000
    requests = b"".join(json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call",
                                    "params": {"name": "compute_units", "arguments": args}}).encode() + b"\n"
                        for n in range(1, count + 1))
    feeder = threading.Thread(target=lambda: (server.stdin.write(json.dumps(INIT).encode() + b"\n"  # type: ignore
                                                                 + requests), server.stdin.flush()))  # type: ignore
    feeder.start()
    time.sleep(4)  # the client reads nothing meanwhile: the server's answers fill the pipe
    status = Path(f"/proc/{server.pid}/status").read_text()
    rss_mib = int(status.split("VmRSS:")[1].split()[0]) / 1024
    answers = [json.loads(server.stdout.readline()) for _ in range(count + 1)]
    feeder.join(timeout=60)
    server.stdin.close()
    assert server.wait(timeout=30) == 0
    assert rss_mib < 150  # about 77; without the bound on requests in flight 174 in these 4 s, 400 in 10 s
    assert sorted(a["id"] for a in answers) == list(range(count + 1))


def test_a_message_larger_than_the_pipe_is_written_whole_and_stdout_left_blocking() -> None:
    read_end, write_end = os.pipe()
    message = b"x" * 1_000_000 + b"\n"  # a pipe holds 64 KiB: the writer waits for the reader many times
    received = bytearray()
    chunks = iter(lambda: os.read(read_end, 4096), b"")
    drain = threading.Thread(target=lambda: [received.extend(chunk) for chunk in chunks])
    drain.start()
    try:
        writer = stdio.LineWriter(write_end)
        assert writer.polled and not os.get_blocking(write_end)
        anyio.run(writer.write, message)
        writer.close()
        assert os.get_blocking(write_end)
    finally:
        os.close(write_end)
        drain.join(timeout=30)
        os.close(read_end)
    assert received == message
