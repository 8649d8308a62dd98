"""The floor the benchmarks compare against: a bare MCPServer with one no-op tool, run over stdio."""

from mcp.server import MCPServer

bare = MCPServer("bare", log_level="WARNING")


@bare.tool()
async def noop() -> str:
    """Do nothing."""
    return "ok"


if __name__ == "__main__":
    bare.run("stdio")
