"""The MCP prompt templates: one Markdown file per prompt in this folder, registered by ``register_prompts``.

Each file starts with a header between ``---`` lines: ``name:``, ``title:``, ``description:`` and one line per
argument, ``argument NAME (required): description`` or ``argument NAME (optional, default TEXT): description``.
The body names arguments as ``{{NAME}}``. A missing required argument, a blank one or an unknown one is an
error that names it and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from mcp.server import MCPServer
from mcp.server.mcpserver.prompts.base import Message, Prompt, PromptArgument, UserMessage
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

_ARGUMENT = re.compile(r"argument (?P<name>\w+) \((?:(?P<required>required)|optional, default (?P<default>[^)]*))\): "
                       r"(?P<description>.+)")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
MAX_ARGUMENT_CHARS = 4000


@dataclass(frozen=True, slots=True)
class TemplateArgument:
    name: str
    description: str
    required: bool
    default: str


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    name: str
    title: str
    description: str
    arguments: tuple[TemplateArgument, ...]
    body: str

    def render(self, arguments: Mapping[str, Any]) -> str:
        """The body with every ``{{name}}`` filled; ValueError naming a missing, blank or unknown argument."""
        known = {a.name: a for a in self.arguments}
        allowed = ", ".join(f"{a.name} ({'required' if a.required else 'optional'})" for a in self.arguments)
        unknown = sorted(set(arguments) - set(known))
        if unknown:
            raise ValueError(f"Prompt {self.name}: unknown argument {', '.join(map(repr, unknown))}; "
                             f"allowed arguments: {allowed}")
        values = {}
        for arg in self.arguments:
            value = str(arguments.get(arg.name) or "").strip()
            if arg.required and not value:
                raise ValueError(f"Prompt {self.name}: missing required argument '{arg.name}' "
                                 f"({arg.description.rstrip('.')}); allowed arguments: {allowed}")
            if len(value) > MAX_ARGUMENT_CHARS:
                raise ValueError(f"Prompt {self.name}: argument '{arg.name}' has {len(value)} characters; "
                                 f"at most {MAX_ARGUMENT_CHARS} allowed")
            values[arg.name] = value or arg.default
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], self.body)


def parse_template(text: str, filename: str) -> PromptTemplate:
    """A template from a prompt file; ValueError naming the file when its header or placeholders are wrong."""
    _, header, body = text.split("---\n", 2)
    fields: dict[str, str] = {}
    arguments: list[TemplateArgument] = []
    for line in header.strip().splitlines():
        if line.startswith("argument "):
            found = _ARGUMENT.fullmatch(line)
            if found is None:
                raise ValueError(f"prompts/{filename}: bad argument line {line!r}")
            arguments.append(TemplateArgument(found["name"], found["description"], bool(found["required"]),
                                              found["default"] or ""))
        else:
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    used, declared = set(_PLACEHOLDER.findall(body)), {a.name for a in arguments}
    if used != declared:
        raise ValueError(f"prompts/{filename}: placeholders {sorted(used)} differ from arguments {sorted(declared)}")
    return PromptTemplate(fields["name"], fields["title"], fields["description"], tuple(arguments), body.strip())


@cache
def templates() -> tuple[PromptTemplate, ...]:
    """Every prompt file of this folder, by file name."""
    files = sorted((f for f in resources.files(__package__).iterdir() if f.name.endswith(".md")), key=lambda f: f.name)
    return tuple(parse_template(f.read_text(encoding="utf-8"), f.name) for f in files)


class FilePrompt(Prompt):
    """A prompt rendered from its file, with errors that name the argument (not the SDK's generic message)."""

    async def render(self, arguments: dict[str, Any] | None, context: Any) -> list[Message]:  # type: ignore[override]
        try:
            return [UserMessage(cast(str, self.fn(arguments or {})))]
        except ValueError as exc:
            raise MCPError(INVALID_PARAMS, str(exc)) from None


def as_prompt(template: PromptTemplate) -> Prompt:
    return FilePrompt(
        name=template.name, title=template.title, description=template.description, fn=template.render,
        context_kwarg=None,
        arguments=[PromptArgument(name=a.name, required=a.required,
                                  description=a.description + ("" if a.required else f" Default: {a.default}."))
                   for a in template.arguments])


def register_prompts(server: MCPServer) -> None:
    """Register every prompt file with the server."""
    for template in templates():
        server.add_prompt(as_prompt(template))
