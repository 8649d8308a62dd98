"""The floor the benchmarks compare against: a bare MCPServer with one no-op tool, run over the SDK's stdio.

    python bench/bare_server.py [--our-stdio]     (--our-stdio: over cpt97124-mcp's stdio transport instead)
"""

import sys

from mcp.server import MCPServer

bare = MCPServer("bare", log_level="WARNING")


@bare.tool()
async def noop() -> str:
    """Do nothing."""
    return "ok"


if __name__ == "__main__":
    if "--our-stdio" in sys.argv:  # imported here: the floor's cold start loads nothing of ours
        import anyio

        from cpt97124_mcp.server.stdio import serve_stdio

        anyio.run(serve_stdio, bare)
    else:
        bare.run("stdio")
