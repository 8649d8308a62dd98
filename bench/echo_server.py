"""A second floor: a bare MCPServer whose tools return, with no work, the answers cpt97124-mcp gives.

    python bench/echo_server.py ANSWERS.json      (over stdio; ANSWERS.json as ``bench_calls.py`` writes it)

Each tool carries the name and published output schema of one of our tools and returns a prepared
``CallToolResult`` with our answer to the benchmark's arguments (arguments are not looked at). A call to it costs
what the SDK, the transport and the client charge for a result of that size and schema, and nothing else; our
tool's cost above it is the work of cpt97124-mcp itself (argument checks, the rules, building the answer).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from mcp.server import MCPServer
from mcp_types import CallToolResult, TextContent


def echo_server(answers: dict[str, dict[str, Any]]) -> MCPServer:
    """``answers``: tool name -> ``{"output_schema": ..., "structured_content": ...}``."""
    server = MCPServer("echo", log_level="WARNING")
    for name, answer in answers.items():
        text = json.dumps(answer["structured_content"], separators=(",", ":"), ensure_ascii=False)  # as ours sends it
        result = CallToolResult(content=[TextContent(type="text", text=text)],
                                structured_content=answer["structured_content"])
        server.add_tool(_returning(result), name=name, description=f"{name}'s answer, prepared",
                        structured_output=False)
        server._tool_manager.get_tool(name).fn_metadata.output_schema = answer["output_schema"]  # advertised only
    return server


def _returning(result: CallToolResult) -> Callable[[], Awaitable[CallToolResult]]:
    async def echo() -> CallToolResult:
        return result

    return echo


if __name__ == "__main__":
    echo_server(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))).run("stdio")
