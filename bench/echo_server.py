"""A second floor: a bare MCPServer whose tools return, with no work, the answers cpt97124-mcp gives.

    python bench/echo_server.py ANSWERS.json      (over stdio; ANSWERS.json as ``bench_calls.py`` writes it)

It is served over cpt97124-mcp's own stdio transport, as our tools are, so that the difference is our tools' work.

Each tool carries the name and published output schema of one of our tools and returns a prepared
``CallToolResult`` with our answer to the benchmark's arguments (arguments are not looked at). A call to it costs
what the SDK, the transport and the client charge for a result of that size and schema, and nothing else; our
tool's cost above it is the work of cpt97124-mcp itself (argument checks, the rules, building the answer).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
from mcp.server import MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp_types import CallToolResult, TextContent

from cpt97124_mcp.server.stdio import serve_stdio


def echo_server(answers: dict[str, dict[str, Any]]) -> MCPServer:
    """``answers``: tool name -> ``{"output_schema": ..., "structured_content": ...}``."""
    return MCPServer("echo", log_level="WARNING", tools=[_echo_tool(name, answer) for name, answer in answers.items()])


def _echo_tool(name: str, answer: dict[str, Any]) -> Tool:
    """A tool named ``name`` that publishes ``answer``'s output schema and returns its content, prepared once."""
    text = json.dumps(answer["structured_content"], indent=2, ensure_ascii=False)  # as the SDK sends ours
    result = CallToolResult(content=[TextContent(type="text", text=text)],
                            structured_content=answer["structured_content"])

    async def echo() -> CallToolResult:
        return result

    tool = Tool.from_function(echo, name=name, description=f"{name}'s answer, prepared", structured_output=False)
    tool.fn_metadata.output_schema = answer["output_schema"]  # advertised, not validated (no output model)
    return tool


if __name__ == "__main__":
    anyio.run(serve_stdio, echo_server(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
