"""A few hundred malformed calls, in-process and over real stdio: every one answers, the server survives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp import Client

from cpt97124_mcp.server.app import build_server

from conftest import CMS_EXAMPLES, allocations, example_arguments
from fuzz_calls import malformed_calls, send
from mcp_helpers import stdio_parameters

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", params=["in-process", pytest.param("stdio", marks=pytest.mark.e2e)])
def live(request: pytest.FixtureRequest) -> Iterator[tuple[BlockingPortal, Client, list[str]]]:
    """One client kept open across all examples (a blocking portal runs its event loop)."""
    target: Any = build_server() if request.param == "in-process" else stdio_parameters()
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(Client(target)) as client:
        tools = [t.name for t in portal.call(client.list_tools).tools]
        yield portal, client, tools
        # Afterwards it still answers correctly.
        result = portal.call(client.call_tool, "compute_units", example_arguments(CMS_EXAMPLES[2]))
        assert allocations(result.structured_content["lines"]) == CMS_EXAMPLES[2]["acceptable_units"][0]


@FUZZ
@given(data=st.data())
def test_malformed_calls_always_answer(live: tuple[BlockingPortal, Client, list[str]], data: st.DataObject) -> None:
    portal, client, tools = live
    call = data.draw(malformed_calls(tools))
    assert portal.call(send, client, call) in {"ok", "error result", "protocol error"}
