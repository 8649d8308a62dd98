"""Issue 14, "Getting it": server.json names every environment variable the code reads; LICENSE matches
pyproject; the Dockerfile runs as a non-root user with stdio by default."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("rules", "tools", "server", "cli", "prompts")


def test_server_json_lists_every_environment_variable_the_code_reads() -> None:
    read = {name for folder in CODE_DIRS for path in (ROOT / folder).rglob("*.py")
            for name in re.findall(r"\"(CPT97124_[A-Z_]+)\"", path.read_text(encoding="utf-8"))}
    listed = {env["name"] for package in json.loads((ROOT / "server.json").read_text())["packages"]
              for env in package["environmentVariables"]}
    assert read and read <= listed, read - listed


def test_license_file_matches_pyproject() -> None:
    license_ = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    assert (ROOT / "LICENSE").read_text().startswith(f"{license_} License")


def test_the_dockerfile_is_non_root_and_stdio_by_default() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER (?!root)\w+", text, re.MULTILINE)
    assert text.rstrip().endswith('ENTRYPOINT ["cpt97124-mcp"]')  # no arguments: the stdio server
