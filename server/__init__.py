"""The MCP server (stdio by default, streamable HTTP for teams), its resources and its logging."""
