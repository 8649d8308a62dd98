"""At the default log level nothing from tool arguments reaches stderr, and stdout carries only JSON-RPC.

The installed server is spawned and spoken to in raw JSON-RPC lines, so every byte it writes is seen.
Marker values (a code, a date of service, an amount, a modifier, a prompt name, a resource URI) go into valid
and invalid calls; none may appear on stderr.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from typing import Any

import pytest

from fuzz_calls import VALID
from mcp_helpers import console_script

MARKERS = ["Q9876", "2031-07-19", "4321.09", "ZX", "MARKPROMPT", "MARKRES", "MARK9"]


def marked_calls(tools: list[str]) -> list[dict[str, Any]]:
    """Valid and invalid calls carrying the markers, for every listed tool, plus prompts and resources."""
    line = {"code": "Q9876", "units": 3, "modifiers": ["GP", "ZX"], "minutes": 40}
    calls: list[dict[str, Any]] = [
        {"method": "tools/call", "params": {"name": "compute_units",
                                            "arguments": {"services": [{"code": "Q9876", "minutes": 40}]}}},
        {"method": "tools/call", "params": {"name": "compute_units",
                                            "arguments": {"services": [{"code": "MARK9", "minutes": 40}]}}},
        {"method": "tools/call", "params": {"name": "compute_units",
                                            "arguments": {"services": [{"minutes": 40}], "MARK9": "2031-07-19"}}},
        {"method": "prompts/get", "params": {"name": "MARKPROMPT", "arguments": {"code": "Q9876"}}},
        {"method": "resources/read", "params": {"uri": "rules://rule/MARKRES"}},
        {"method": "tools/call", "params": {"name": "MARKRES", "arguments": {"code": "Q9876"}}},
    ]
    for tool in ("validate_claim_line", "validate_claim"):
        if tool in tools:
            base = {**VALID[tool], "date_of_service": "2031-07-19", "ytd_therapy_amount": 4321.09}
            base = {**base, "line": line} if tool == "validate_claim_line" else {**base, "lines": [line]}
            calls += [{"method": "tools/call", "params": {"name": tool, "arguments": base}},
                      {"method": "tools/call", "params": {"name": tool,
                                                          "arguments": {**base, "date_of_service": "2031-19-07"}}}]
    return calls


class RawServer:
    """The console script over stdio, one JSON-RPC line at a time."""

    def __init__(self) -> None:
        default_level = {k: v for k, v in os.environ.items() if k != "CPT97124_LOG_LEVEL"}
        self.process = subprocess.Popen([console_script()], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, encoding="utf-8", env=default_level)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.next_id = 0

    def _pump(self) -> None:
        assert self.process.stdout
        for raw in self.process.stdout:
            self.lines.put(raw)

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        self.notify(method, params, self.next_id)
        while True:
            raw = self.lines.get(timeout=20)
            self.stdout.append(raw)
            message = json.loads(raw)
            if message.get("id") == self.next_id:
                return dict(message)

    def notify(self, method: str, params: dict[str, Any], id_: int | None = None) -> None:
        assert self.process.stdin
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        self.process.stdin.write(json.dumps({**message, "id": id_} if id_ else message) + "\n")
        self.process.stdin.flush()

    def close(self) -> str:
        assert self.process.stdin and self.process.stderr
        self.process.stdin.close()
        self.process.wait(timeout=20)
        return self.process.stderr.read()


@pytest.mark.e2e
def test_no_argument_reaches_stderr_and_stdout_is_only_json_rpc() -> None:
    server = RawServer()
    init = server.request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                         "clientInfo": {"name": "hygiene-test", "version": "1"}})
    assert init["result"]["serverInfo"]["name"] == "cpt97124-mcp"
    server.notify("notifications/initialized", {})
    tools = [t["name"] for t in server.request("tools/list", {})["result"]["tools"]]
    answers = [server.request(call["method"], call["params"]) for call in marked_calls(tools)]
    stderr = server.close()

    assert all("result" in a or "error" in a for a in answers)
    assert answers[0]["result"]["structuredContent"]["total_units"] == 3
    assert answers[1]["result"]["isError"] and "MARK9" in answers[1]["result"]["content"][0]["text"]
    assert all(json.loads(line)["jsonrpc"] == "2.0" for line in server.stdout)
    leaked = [marker for marker in MARKERS if marker in stderr]
    assert not leaked, f"claim data on stderr: {leaked}\n{stderr[:2000]}"
    assert "Traceback" not in stderr, stderr[:2000]  # a caller's mistake (an unknown prompt) is not a server fault
