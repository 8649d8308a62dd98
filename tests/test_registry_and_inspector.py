"""The ecosystem set-up: server.json for the MCP registry, and the stdio server driven by the MCP Inspector CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cpt97124_mcp import __version__

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
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("node/npx is not installed: the MCP Inspector CLI cannot run")
    done = subprocess.run([npx, "-y", INSPECTOR, "--cli", console_script(), *arguments], capture_output=True,
                          text=True, timeout=INSPECTOR_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


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
