"""The ecosystem set-up: server.json for the MCP registry, and the stdio server driven by the MCP Inspector CLI."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cpt97124_mcp import __version__

from http_server import free_port, running, serve_command
from mcp_helpers import console_script

ROOT = Path(__file__).resolve().parents[1]
SERVER_JSON: dict[str, Any] = json.loads((ROOT / "server.json").read_text(encoding="utf-8"))
INSPECTOR = "@modelcontextprotocol/inspector"
INSPECTOR_TIMEOUT = 240  # the first npx run downloads the inspector


def test_server_json_fits_the_registry_schema() -> None:
    assert SERVER_JSON["$schema"] == "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json"
    assert re.fullmatch(r"io\.github\.[a-zA-Z0-9-]+/cpt97124-mcp", SERVER_JSON["name"])
    assert 0 < len(SERVER_JSON["description"]) <= 100
    (package,) = SERVER_JSON["packages"]
    assert package["registryType"] == "pypi" and package["transport"] == {"type": "stdio"}
    assert all(set(variable) <= {"name", "description", "isRequired", "isSecret", "default", "choices", "format"}
               for variable in package["environmentVariables"])


def test_server_json_names_this_package_and_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (package,) = SERVER_JSON["packages"]
    assert package["identifier"] == project["name"]
    assert SERVER_JSON["version"] == package["version"] == project["version"] == __version__


def test_readme_carries_the_registry_ownership_line() -> None:
    assert f"mcp-name: {SERVER_JSON['name']}" in (ROOT / "README.md").read_text(encoding="utf-8")


def inspector(*arguments: str) -> Any:
    """The Inspector CLI against the installed console script (stdio)."""
    return inspector_at([console_script()], *arguments)


@pytest.mark.e2e
def test_inspector_lists_the_tools() -> None:
    tools = inspector("--method", "tools/list")["tools"]
    (units,) = [tool for tool in tools if tool["name"] == "compute_units"]
    assert units["annotations"]["readOnlyHint"] is True


@pytest.mark.e2e
def test_inspector_calls_compute_units() -> None:
    services = [{"code": "97110", "minutes": 33}, {"code": "97140", "minutes": 7}]
    result = inspector("--method", "tools/call", "--tool-name", "compute_units",
                       "--tool-arg", f"services={json.dumps(services)}")
    assert not result.get("isError")
    assert [line["units"] for line in result["structuredContent"]["lines"]] == [2, 1]


EVERY_TOOL = {  # issue 14: the Inspector CLI lists and calls every tool, over stdio and over HTTP
    "compute_units": ['services=[{"code": "97110", "minutes": 33}]'],
    "validate_claim_line": ['line={"code": "97124", "units": 1, "modifiers": ["GP"], "minutes": 15}',
                            "payer=Medicare"],
    "validate_claim": ['lines=[{"code": "97124", "units": 1, "modifiers": ["GP"], "minutes": 15}]'],
    "explain_rule": ["topic=KX modifier"],
    "list_rules": [],
    "estimate_payment": ['lines=[{"code": "97110", "units": 2, "modifiers": ["GP"]}]', "date_of_service=2025-06-02"],
}


def inspector_at(target: list[str], *arguments: str) -> Any:
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("node/npx is not installed: the MCP Inspector CLI cannot run")
    done = subprocess.run([npx, "-y", INSPECTOR, "--cli", *target, *arguments], capture_output=True, text=True,
                          timeout=INSPECTOR_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.e2e
@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_inspector_lists_and_calls_every_tool(transport: str) -> None:
    with contextlib.ExitStack() as stack:
        if transport == "http":
            port = free_port()
            base = stack.enter_context(running(serve_command(port), port))
            target = [f"{base}/mcp", "--transport", "http"]
        else:
            target = [console_script()]
        listed = {tool["name"] for tool in inspector_at(target, "--method", "tools/list")["tools"]}
        assert listed == set(EVERY_TOOL)
        for name, arguments in EVERY_TOOL.items():
            options = [part for argument in arguments for part in ("--tool-arg", argument)]
            result = inspector_at(target, "--method", "tools/call", "--tool-name", name, *options)
            assert not result.get("isError") and result["structuredContent"], name
