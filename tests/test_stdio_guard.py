"""stdio answers every message it can read an id from (issue 13, part 4), every request read is answered before the
server stops, a client that does not read is held back, one that closes stdout stops it (server/stdio.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

import anyio
import pytest

from cpt97124_mcp.server import stdio, wire

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
    huge = b'{"jsonrpc": "2.0", "id": 9, "method": "ping", "params": {"x": "' + b"a" * (wire.MAX_LINE_BYTES * 3)
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


def test_a_line_over_the_maximum_is_answered_by_its_id_and_bad_lines_by_theirs() -> None:
    huge = b'{"jsonrpc": "2.0", "id": 3, "x": "' + b"a" * wire.MAX_LINE_BYTES
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


def test_requests_wait_for_room_and_a_cancellation_never_waits() -> None:
    def request(n: int) -> Any:
        return stdio.types.JSONRPCRequest(jsonrpc="2.0", id=n, method="ping")

    async def scenario() -> None:
        unanswered = stdio.Unanswered()
        for n in range(stdio.MAX_UNANSWERED):
            await unanswered.admit(request(n))
        with anyio.move_on_after(0.2) as waited:
            await unanswered.admit(request(1000))
        assert waited.cancelled_caught  # no room: the request waits (and the client's pipe with it)
        with anyio.fail_after(5):
            await unanswered.admit(stdio.types.JSONRPCNotification(
                jsonrpc="2.0", method="notifications/cancelled", params={"requestId": 0}))  # never held back
            await unanswered.admit(request(1000))  # the cancelled request made room
        unanswered.written(stdio.types.JSONRPCResponse(jsonrpc="2.0", id=1, result={}))
        with anyio.fail_after(5):
            await unanswered.admit(request(1001))  # so did an answer
        assert len(unanswered.ids) == stdio.MAX_UNANSWERED

    anyio.run(scenario)
