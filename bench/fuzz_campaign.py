"""Fuzz campaign: thousands of malformed MCP calls, in-process and over real stdio.

    python bench/fuzz_campaign.py [--calls 5000]

Half the calls go to an in-process server, half to the installed ``cpt97124-mcp`` over stdio. Every call must
answer (a result, an error result or a protocol error); no tool may crash ("Error executing tool X" with no
detail); the server must never die or hang (each call is bounded by a timeout); and afterwards every CMS manual
example must still come out right. Prints the counts per outcome.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mcp import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from cpt97124_mcp.server.app import build_server

from conftest import CMS_EXAMPLES, allocations, example_arguments
from fuzz_calls import malformed_calls, send
from mcp_helpers import stdio_parameters

CALL_TIMEOUT_S = 10


def campaign(target: Any, calls: int) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(Client(target)) as client:
        tools = [t.name for t in portal.call(client.list_tools).tools]

        async def bounded(call: tuple[str, str, Any]) -> str:
            with anyio.fail_after(CALL_TIMEOUT_S):
                return await send(client, call)

        @settings(max_examples=calls, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def one(data: st.DataObject) -> None:
            call = data.draw(malformed_calls(tools))
            outcomes[f"{call[0]}: {portal.call(bounded, call)}"] += 1

        one()
        for case in CMS_EXAMPLES:
            result = portal.call(client.call_tool, "compute_units", example_arguments(case))
            assert allocations(result.structured_content["lines"]) in case["acceptable_units"]
        outcomes["afterwards: CMS examples right"] += len(CMS_EXAMPLES)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    for name, target in (("in-process", build_server()), ("stdio", stdio_parameters())):
        start = time.perf_counter()
        outcomes = campaign(target, args.calls // 2)
        total = sum(n for k, n in outcomes.items() if not k.startswith("afterwards"))
        print(f"{name}: {total} malformed calls in {time.perf_counter() - start:.1f} s, no crash, no hang")
        for outcome, count in sorted(outcomes.items()):
            print(f"  {outcome}: {count}")


if __name__ == "__main__":
    main()
