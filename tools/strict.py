"""Tools that refuse what they do not understand, and say so in the caller's terms.

The SDK builds each tool's argument model with pydantic's default ``extra="ignore"``, so a misspelt
argument (``ytd_amount``) would be dropped and its check silently skipped. ``strict_tool`` rebuilds the
argument model with ``extra="forbid"`` (the published input schema then says
``additionalProperties: false``) and turns validation errors into one readable message naming each bad
field, the value given (shortened) and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import FuncMetadata
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, ValidationError

from ..rules.errors import RuleInputError
from .argument_errors import describe_validation_error

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


class StrictTool(Tool):
    """A ``Tool`` whose argument errors read as one message naming every bad field, and whose result is its
    output model once: the structured content, and the same JSON, compact, as the text block older clients read.

    (The SDK's own conversion would validate the already validated model again and indent the text copy.)
    """

    async def run(self, arguments: dict[str, Any], context: Any, convert_result: bool = False) -> Any:
        try:
            result = await super().run(arguments, context, convert_result=False)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(exc, UnexpectedToolError):
                if isinstance(cause, RuleInputError):  # the core's word on a bad value: the caller can fix it
                    raise ToolError(f"Invalid arguments for {self.name}: {cause}") from None
                raise
            if isinstance(cause, ValidationError):
                allowed = list(self.parameters.get("properties", {}))
                raise ToolError(describe_validation_error(self.name, cause, allowed)) from cause
            raise ToolError(str(exc).removeprefix(f"Error executing tool {self.name}: ")) from cause
        if not convert_result:
            return result
        if isinstance(result, BaseModel):
            return CallToolResult(content=[TextContent(type="text", text=result.model_dump_json(by_alias=True))],
                                  structured_content=result.model_dump(mode="json", by_alias=True))
        return self.fn_metadata.convert_result(result)


class StrictMetadata(FuncMetadata):
    """The SDK's argument handling, with its JSON pre-parsing tried only where it can change something.

    The SDK parses every string argument whose field is not plain ``str`` as JSON (some clients send arrays and
    objects as JSON text) and keeps the parse only when it is an array, object, true, false or null. For a plain
    string such as a date or a payer the parse fails, and the failure cost more than the rest of the argument
    check. A string that cannot parse to one of those is left to the SDK only when some argument could.
    """

    def pre_parse_json(self, data: dict[str, Any]) -> dict[str, Any]:
        if any(isinstance(value, str) and may_be_json_structure(value) for value in data.values()):
            return super().pre_parse_json(data)
        return data


def may_be_json_structure(text: str) -> bool:
    """Whether ``json.loads(text)`` could give an array, object, true, false or null (JSON white space is a subset
    of what ``str.strip`` removes)."""
    stripped = text.strip()
    return stripped[:1] in ("[", "{") or stripped in ("true", "false", "null")


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every local ``$ref`` replaced by its definition (our models are not recursive).

    Clients validate each structured result against the output schema; resolving ``$ref`` dominates that cost
    (jsonschema), and some clients handle ``$ref`` poorly. Inlined, the schema says the same thing.
    """
    defs = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target = resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
                return {**target, **{k: resolve(v) for k, v in node.items() if k != "$ref"}}
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    inlined: dict[str, Any] = resolve(schema)
    return inlined


def strict_tool(fn: Callable[..., Any], *, title: str, description: str) -> Tool:
    """A read-only, idempotent, closed-world tool over ``fn`` that rejects unknown arguments."""
    tool = StrictTool.from_function(fn, title=title, description=description, annotations=READ_ONLY)
    loose = tool.fn_metadata.arg_model
    strict = type(loose.__name__, (loose,), {"model_config": ConfigDict(**loose.model_config, extra="forbid"),
                                             "__module__": loose.__module__})
    metadata = tool.fn_metadata
    output_schema = None if metadata.output_schema is None else inline_refs(metadata.output_schema)
    tool.fn_metadata = StrictMetadata(arg_model=strict, output_schema=output_schema,
                                      output_model=metadata.output_model, wrap_output=metadata.wrap_output)
    tool.parameters = inline_refs(strict.model_json_schema(by_alias=True))
    return tool
