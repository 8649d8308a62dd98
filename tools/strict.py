"""Tools that refuse what they do not understand, and say so in the caller's terms.

The SDK builds each tool's argument model with pydantic's default ``extra="ignore"``, so a misspelt
argument (``ytd_amount``) would be dropped and its check silently skipped. ``strict_tool`` gives the tool an
argument model with ``extra="forbid"`` (the published input schema then says ``additionalProperties: false``);
``in_callers_terms`` turns the SDK's argument errors, and the rules core's ``RuleInputError``, into one readable
message naming each bad field, the value given (shortened) and what is allowed; an NCCI store that cannot
be read into a message naming the file and the cause (never an answer as if no table were imported).
Everything else is the SDK's: the tool functions return their output models, which the SDK validates and
sends as structured content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase
from mcp_types import ToolAnnotations
from pydantic import ConfigDict, ValidationError

from ..rules.errors import RuleInputError
from ..rules.ncci.store import NcciStoreError
from .argument_errors import describe_validation_error
from .compact_schema import compact_schema

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


def strict_tool(fn: Callable[..., Any], *, title: str, description: str) -> Tool:
    """A read-only, idempotent, closed-world tool over ``fn`` that rejects unknown arguments."""
    tool = Tool.from_function(fn, title=title, description=description, annotations=READ_ONLY)
    loose = tool.fn_metadata.arg_model
    strict: type[ArgModelBase] = type(loose.__name__, (loose,), {
        "model_config": ConfigDict(**loose.model_config, extra="forbid"), "__module__": loose.__module__})
    tool.fn_metadata.arg_model = strict  # FuncMetadata reads its fields on each call
    tool.parameters = compact_schema(strict.model_json_schema(by_alias=True), nulls=False)
    if tool.fn_metadata.output_schema is not None:
        tool.fn_metadata.output_schema = compact_schema(tool.fn_metadata.output_schema, nulls=True)
    return tool


def in_callers_terms(error: ToolError, tool: str, allowed_arguments: list[str]) -> ToolError:
    """The error a tool call ended with, as the caller should read it: bad arguments (the SDK's validation, or
    the core's ``RuleInputError``) as one message naming field, value and what is allowed; anything else as it is.
    """
    cause = error.__cause__
    if isinstance(cause, ValidationError):
        return ToolError(describe_validation_error(tool, cause, allowed_arguments))
    if isinstance(cause, RuleInputError):  # the core's word on a bad value: the caller can fix it
        return ToolError(f"Invalid arguments for {tool}: {cause}")
    if isinstance(cause, NcciStoreError):  # the user's store is at fault, not the claim: say which file and why
        return ToolError(f"{tool} could not run: {cause}")
    return error
