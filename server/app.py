"""The MCP server: the tools of ``tools/`` published under one name, version and set of instructions."""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, CallToolResult, GetPromptResult, InputRequiredResult

from .. import __version__
from ..prompts import register_prompts
from ..tools import all_tools
from ..tools.strict import in_callers_terms
from .completions import register_completions
from .log_hygiene import guard_log_handlers, log_level
from .resources import register_resources

NAME = "cpt97124-mcp"
INSTRUCTIONS = """\
Exact, cited billing arithmetic for CPT 97124 (therapeutic massage, 15-minute units) and the other \
timed and untimed therapy codes billed on the same date of service.

- "How many units can I bill for N minutes?" or any minutes-to-units question: call compute_units with \
EVERY service of that patient's date of service in one call (the Medicare 8-minute rule pools the day's \
timed minutes before allocating units; per-code calls give wrong answers). method "cms" is Medicare's \
rule and the default; "ama" is the CPT midpoint rule per code, used by many commercial payers.
- Report ties as the provider's choice: every allowed allocation is in "alternatives".
- "Will this claim/line be denied?" or before submitting 97124 with modifiers: call validate_claim_line (one \
line, other lines of the day in other_lines) or validate_claim (the whole visit), with payer, date_of_service, \
provider and ytd_therapy_amount when known (provider per line when a PT and a PTA furnished different lines); \
quote each finding's fix and citation. Say "valid" only for status "clean": status "incomplete" means a check \
did not run (not_checked says which and how to run it); for medicaid/commercial say which Medicare/NCCI rules \
were not applied (not_applied).
- Results are deterministic and exact; quote the steps and rule ids rather than re-deriving the arithmetic.
- "What will Medicare pay?": call estimate_payment with the day's lines (or services with minutes), \
date_of_service and locality; quote allowed_total, coinsurance, medicare_payment and status.
- "Why?" or "what is the rule/source?": call explain_rule with a rule_id from any result or a free-text \
topic ("eight minute rule", "KX modifier", "myofascial release"); it cites document and section, and with \
minutes adds a worked example. list_rules lists every rule id. Prompts bill_visit, check_claim_line, \
explain_denial, units_question and visit_payment guide whole tasks; resources rules://catalog, rules://rule/{rule_id}, \
units://table, codes://list (compact), codes://catalog and data://versions hold the data.
"""


class BillingServer(MCPServer):
    """The SDK's server, answering a caller's mistakes in the caller's terms (contract, "Errors").

    Bad tool arguments get one message naming each field, the value given and what is allowed (the SDK's text is
    pydantic's report, and a bad value the rules core finds would read as a crash). An unknown prompt name is a
    bad request that lists the prompts there are (the SDK answers it with error code 0 and logs a server fault,
    with a traceback, for every wrong name a client sends)."""

    async def call_tool(self, name: str, arguments: dict[str, Any],
                        context: Any = None) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            schemas = {tool.name: tool.input_schema for tool in await self.list_tools()}
            allowed = list(schemas.get(name, {}).get("properties", {}))
            # The cause stays: the SDK logs a rejected argument by its field name only, never its value.
            raise in_callers_terms(error, name, allowed) from error.__cause__

    async def get_prompt(self, name: str, arguments: dict[str, Any] | None = None,
                         context: Any = None) -> GetPromptResult | InputRequiredResult:
        names = [prompt.name for prompt in await self.list_prompts()]
        if name not in names:
            raise MCPError(INVALID_PARAMS, f"Unknown prompt {name[:60]!r}; allowed: {', '.join(names)}")
        return await super().get_prompt(name, arguments, context)


def build_server() -> MCPServer:
    """A fresh server with every tool registered. Logging goes to stderr only (stdout is the wire)."""
    server = BillingServer(
        NAME,
        version=__version__,
        title="CPT 97124 billing units and claim checks",
        instructions=INSTRUCTIONS,
        tools=all_tools(),
        log_level=log_level(),
    )
    register_prompts(server)
    register_resources(server)
    register_completions(server)
    guard_log_handlers()
    return server
