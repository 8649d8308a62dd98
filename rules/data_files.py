"""Loading of the versioned data files in ``rules/data/`` (each carries its own ``version``).

The parsed files are the only thing the core caches: answers are built fresh on every call.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

DATA_FILES = ("codes", "rule_catalog", "parameters", "ncci_policy", "modifiers", "payer_profiles", "pfs")


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed ``rules/data/<name>.json``."""
    text = resources.files(__package__).joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def data_version() -> str:
    """The data's version in one short string: the files' shared version (``2026.12.1``), or, while they differ,
    each file's (``codes@2026.12.1;...``). Answers carry it; the data://versions resource has the details."""
    versions = {name: load_data(name)["version"] for name in DATA_FILES}
    if len(set(versions.values())) == 1:
        return str(next(iter(versions.values())))
    return ";".join(f"{name}@{version}" for name, version in versions.items())
