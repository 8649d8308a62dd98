"""The MCP server: the tools of ``tools/`` published under one name, version and set of instructions."""

from __future__ import annotations

import logging
import os
from typing import Literal, cast

from mcp.server import MCPServer

from .. import __version__
from ..tools import all_tools

NAME = "cpt97124-mcp"
INSTRUCTIONS = """\
Exact, cited billing arithmetic for CPT 97124 (therapeutic massage, 15-minute units) and the other \
timed and untimed therapy codes billed on the same date of service.

- "How many units can I bill for N minutes?" or any minutes-to-units question: call compute_units with \
EVERY service of that patient's date of service in one call (the Medicare 8-minute rule pools the day's \
timed minutes before allocating units; per-code calls give wrong answers). method "cms" is Medicare's \
rule and the default; "ama" is the CPT midpoint rule per code, used by many commercial payers.
- Report ties as the provider's choice: every allowed allocation is in "alternatives".
- Results are deterministic and exact; quote the steps and rule ids rather than re-deriving the arithmetic.
"""

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


def log_level() -> LogLevel:
    """WARNING unless CPT97124_LOG_LEVEL says otherwise: INFO would log tool error texts (claim data)."""
    level = os.environ.get("CPT97124_LOG_LEVEL", "WARNING").upper()
    return cast(LogLevel, level if level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL") else "WARNING")


def build_server() -> MCPServer:
    """A fresh server with every tool registered. Logging goes to stderr only (stdout is the wire)."""
    server = MCPServer(
        NAME,
        version=__version__,
        title="CPT 97124 billing units and claim checks",
        instructions=INSTRUCTIONS,
        tools=all_tools(),
        log_level=log_level(),
    )
    logging.getLogger(__name__).debug("server built with %d tools", len(server._tool_manager.list_tools()))
    return server
