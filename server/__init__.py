"""The MCP server (stdio by default, streamable HTTP for teams) and the command line."""
