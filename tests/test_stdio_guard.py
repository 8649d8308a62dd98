"""stdio answers every message it can read an id from, and a line over the maximum costs no more than that
(issue 13, part 4; server/stdio.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

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
    problem = stdio.judge(line)
    assert (problem and (problem[0], problem[1].split(":")[0])) == expected


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
    assert "over 4194304 bytes was" in err and "Traceback" not in err


def test_a_huge_line_is_never_held_whole() -> None:
    import io

    import anyio

    class Sink:
        def __init__(self) -> None:
            self.lines: list[str] = []

        async def write(self, text: str) -> None:
            self.lines.append(text)

    huge = (b'{"id": 3, "x": "' + b"a" * (stdio.MAX_LINE_BYTES * 2) + b'"}\n'
            b'{"jsonrpc": "2.0", "id": 4, "method": "ping"}\n')
    raw = io.BytesIO(huge)
    reads: list[int] = []
    readline = raw.readline
    raw.readline = lambda size=-1: (reads.append(size), readline(size))[1]  # type: ignore[method-assign]
    sink = Sink()

    async def collect() -> list[str]:
        return [line async for line in stdio.CheckedLines(raw, sink)]  # type: ignore[arg-type]

    assert anyio.run(collect) == ['{"jsonrpc": "2.0", "id": 4, "method": "ping"}\n']
    assert all(0 < size <= stdio.MAX_LINE_BYTES + 1 for size in reads)
    assert json.loads(sink.lines[0])["id"] == 3
