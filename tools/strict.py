"""Tools that refuse what they do not understand, and say so in the caller's terms.

The SDK builds each tool's argument model with pydantic's default ``extra="ignore"``, so a misspelt
argument (``ytd_amount``) would be dropped and its check silently skipped. ``strict_tool`` rebuilds the
argument model with ``extra="forbid"`` (the published input schema then says
``additionalProperties: false``) and turns validation errors into one readable message naming each bad
field, the value given (shortened) and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args, get_origin, get_type_hints

from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase, FuncMetadata
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import to_json

from ..rules.errors import RuleInputError
from .answer import Answer
from .argument_errors import describe_validation_error

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


class StrictTool(Tool):
    """A ``Tool`` whose argument errors read as one message naming every bad field, and whose result is sent
    once: the structured content, and the same JSON, compact, as the text block older clients read.

    An ``Answer`` is sent as it is; an output model is dumped once for each. (The SDK's own conversion would
    validate the already validated model again and indent the text copy.)
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
        if isinstance(result, Answer):
            return CallToolResult(content=[TextContent(type="text", text=to_json(result.data).decode())],
                                  structured_content=result.data)
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


def answer_model(fn: Callable[..., Any]) -> type[BaseModel] | None:
    """``M`` when ``fn`` returns ``Answer[M]``, else None."""
    returns = get_type_hints(fn).get("return")
    return get_args(returns)[0] if get_origin(returns) is Answer else None


def strict_tool(fn: Callable[..., Any], *, title: str, description: str) -> Tool:
    """A read-only, idempotent, closed-world tool over ``fn`` that rejects unknown arguments. A tool that
    returns ``Answer[M]`` publishes ``M``'s output schema, derived as the SDK derives it for a function returning
    ``M``."""
    output_model = answer_model(fn)
    tool = StrictTool.from_function(fn, title=title, description=description, annotations=READ_ONLY,
                                    structured_output=False if output_model else None)
    loose = tool.fn_metadata.arg_model
    strict: type[ArgModelBase] = type(loose.__name__, (loose,), {
        "model_config": ConfigDict(**loose.model_config, extra="forbid"), "__module__": loose.__module__})
    metadata = tool.fn_metadata
    tool.fn_metadata = StrictMetadata(arg_model=strict, output_schema=None if output_model else metadata.output_schema,
                                      output_model=output_model or metadata.output_model,
                                      wrap_output=metadata.wrap_output)
    if tool.fn_metadata.output_schema is not None:
        tool.fn_metadata.output_schema = inline_refs(tool.fn_metadata.output_schema)
    tool.parameters = inline_refs(strict.model_json_schema(by_alias=True))
    return tool
