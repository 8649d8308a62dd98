"""Shared fixtures: the CMS manual's worked examples (``tests/data``, a copy of the project's shared cases) and the
anyio backend.

Property tests have no deadline: the suite asserts answers, never speed (speed is measured in ``bench/``), and
a shared machine can stall any single example past hypothesis' default 200 ms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from cpt97124_mcp.rules import Service
from cpt97124_mcp.rules.ncci import NcciTables

from cms_files import imported_tables

settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


CMS_EXAMPLES_FILE = Path(__file__).with_name("data") / "cms_manual_examples.json"


def load_cms_examples() -> list[dict[str, Any]]:
    """CMS Pub. 100-04 Ch. 5 §20.2's worked examples, each with every allocation the manual accepts."""
    cases: list[dict[str, Any]] = json.loads(CMS_EXAMPLES_FILE.read_text(encoding="utf-8"))
    return cases


CMS_EXAMPLES = load_cms_examples()


def example_services(case: dict[str, Any]) -> list[Service]:
    return [Service(code, minutes) for code, minutes in case["timed_minutes"].items()] + [
        Service(code) for code in case["untimed_codes"]]


def example_arguments(case: dict[str, Any]) -> dict[str, Any]:
    """The case as compute_units arguments (the JSON an MCP client sends)."""
    services = [{"code": code, "minutes": minutes} for code, minutes in case["timed_minutes"].items()]
    return {"services": services + [{"code": code} for code in case["untimed_codes"]], "method": case["method"]}


def allocations(lines: list[Any]) -> dict[str, int]:
    """``{code: units}`` from result lines (dataclasses or dicts)."""
    return {(ln["code"] if isinstance(ln, dict) else ln.code): (ln["units"] if isinstance(ln, dict) else ln.units)
            for ln in lines}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> NcciTables:
    """The sample CMS PTP and MUE tables, imported: a claim whose checks all ran can be clean."""
    return imported_tables(tmp_path_factory.mktemp("ncci"))
