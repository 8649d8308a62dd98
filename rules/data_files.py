"""Loading of the versioned data files in ``rules/data/`` (each carries its own ``version``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed ``rules/data/<name>.json``."""
    text = resources.files(__package__).joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


DATA_FILES = ("codes", "rule_catalog", "kx_thresholds", "dated_rules", "ncci_policy", "modifiers", "payer_profiles")


@cache
def data_version() -> str:
    """One string naming every data file's version, e.g. ``codes@2026.11.1``."""
    return ";".join(f"{name}@{load_data(name)['version']}" for name in DATA_FILES)
