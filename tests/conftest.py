"""Shared fixtures: the CMS manual's worked examples (from ../shared/cases) and the anyio backend.

Property tests have no deadline: the suite asserts answers, never speed (speed is measured in ``bench/``), and
a shared machine can stall any single example past hypothesis' default 200 ms.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from cpt97124_mcp.rules import Service

settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


def shared_dir() -> Path:
    """``shared/`` beside the clone (CI lays it there); CPT97124_SHARED overrides."""
    return Path(os.environ.get("CPT97124_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def load_cms_examples() -> list[dict[str, Any]]:
    path = shared_dir() / "cases" / "cms_manual_examples.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the CMS examples must sit in ../shared/cases beside the clone")
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
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
