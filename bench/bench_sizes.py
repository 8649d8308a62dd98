"""What a host puts in a model's context for this server, in bytes of compact JSON, beside the reference time server.

    python bench/bench_sizes.py [--time-server DIR]

Prints, per tool, the text a host gives the model (name, description, input schema) and the output schema; the
total over all tools (budget: 8,000 bytes); the list_rules answer (budget: 6,000 bytes); a 3-line validate_claim
answer; and the same figures for the reference server ``mcp-server-time`` when it is importable (installed, or
unpacked at DIR: ``pip download --no-deps mcp-server-time`` and unzip the wheel; its ``tzlocal`` import is stubbed,
as only the tool list is read).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import types
from typing import Any

BUDGET_TOOLS, BUDGET_LIST_RULES = 8_000, 6_000


def size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


async def tool_sizes(server: Any) -> list[tuple[str, int, int]]:
    """Per tool: (name, bytes the model sees, bytes of the output schema)."""
    return [(t.name, size({"name": t.name, "description": t.description, "inputSchema": t.input_schema}),
             size(t.output_schema) if t.output_schema else 0) for t in await server.list_tools()]


def time_server(path: str | None) -> Any | None:
    if path:
        sys.path.insert(0, path)
    sys.modules.setdefault("tzlocal", types.SimpleNamespace(get_localzone_name=lambda: "UTC"))  # type: ignore[arg-type]
    try:
        from mcp_server_time.server import create_server
    except ImportError:
        return None
    return create_server("UTC")


def table(title: str, rows: list[tuple[str, int, int]]) -> int:
    print(f"\n{title}\n| tool | model sees (bytes) | output schema (bytes) |\n|---|---:|---:|")
    for name, seen, output in rows:
        print(f"| {name} | {seen:,} | {output:,} |")
    total = sum(r[1] for r in rows)
    print(f"| **all {len(rows)} tools** | **{total:,}** | {sum(r[2] for r in rows):,} |")
    return total


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-server", help="directory holding the unpacked mcp-server-time package")
    args = parser.parse_args()
    from cpt97124_mcp.server.app import INSTRUCTIONS, build_server
    from cpt97124_mcp.tools.claim_schemas import ClaimLineInput
    from cpt97124_mcp.tools.list_rules import rules_listing
    from cpt97124_mcp.tools.validate_claim import validate_claim

    ours = await tool_sizes(build_server())
    total = table("cpt97124-mcp", ours)
    listing = size(rules_listing().model_dump(mode="json"))
    lines = [ClaimLineInput(code=code, units=units, modifiers=["GP"], minutes=minutes)
             for code, units, minutes in (("97124", 2, 30), ("97110", 1, 15), ("97140", 1, 15))]
    claim = size((await validate_claim(lines, date_of_service="2025-03-03")).model_dump(mode="json"))
    print(f"\n- tools, what the model sees: {total:,} bytes for {len(ours)} tools ({total // len(ours):,} per tool; "
          f"budget {BUDGET_TOOLS:,}: {'met' if total <= BUDGET_TOOLS else 'NOT met'})")
    print(f"- list_rules answer: {listing:,} bytes (budget {BUDGET_LIST_RULES:,}: "
          f"{'met' if listing <= BUDGET_LIST_RULES else 'NOT met'})")
    print(f"- validate_claim answer, 3 lines (97124 x2, 97110, 97140, GP): {claim:,} bytes")
    print(f"- server instructions: {len(INSTRUCTIONS.encode()):,} bytes")
    reference = time_server(args.time_server)
    if reference is None:
        print("\nmcp-server-time is not importable: pass --time-server DIR (see the docstring).")
        return
    theirs = await tool_sizes(reference)
    ref_total = table("reference: mcp-server-time", theirs)
    print(f"\n- per tool: ours {total / len(ours):,.0f} bytes, time server {ref_total / len(theirs):,.0f} bytes "
          f"({total / len(ours) / (ref_total / len(theirs)):.1f}x)")


if __name__ == "__main__":
    asyncio.run(main())
