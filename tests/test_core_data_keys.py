"""Every field of every data file is read by some code (a value nobody reads is a value nobody keeps right).

The data files are loaded through a recording mapping, the loaders of the core (catalog, codes, modifiers,
parameters, NCCI policy, payer profiles, data version) are run, and every key path never read is reported.
Prose meant for the human reader of the file (its name, description, provenance and notes) is exempt.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from cpt97124_mcp.rules import catalog, codes, data_files, parameters, units
from cpt97124_mcp.rules.claims import modifiers, ncci_policy, profiles
from cpt97124_mcp.rules.payment import fee_schedule

PROSE = {"name", "description", "provenance", "copyright_note", "always_therapy_note"}


class Recording(dict):  # type: ignore[type-arg]
    """A dict that remembers which keys were read (whole-mapping reads count for every key)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:  # dict(d) and ** then go through keys() and __getitem__
        return iter(list(super().keys()))

    def items(self) -> Any:
        self.read.update(self)
        return super().items()

    def values(self) -> Any:
        self.read.update(self)
        return super().values()


def unread(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, Recording):
        for key, item in dict.items(value):
            if key not in value.read and key not in PROSE:
                yield f"{path}.{key}"
            yield from unread(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from unread(item, f"{path}[{i}]")


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith("cpt97124_mcp.rules"):
            for obj in vars(module).values():
                if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                    obj.cache_clear()


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    loaded: dict[str, Any] = {}

    def loads(text: str) -> Any:
        data = json.loads(text, object_hook=Recording)
        loaded[data["name"]] = data
        return data

    _clear_caches()
    monkeypatch.setattr(data_files, "json", SimpleNamespace(loads=loads))
    yield loaded
    monkeypatch.undo()
    _clear_caches()


def test_every_key_of_every_data_file_is_read(recorded: dict[str, Any]) -> None:
    catalog.all_rules()
    catalog.line_not_payable()
    codes.catalog()
    codes.always_therapy_verified()
    codes.plausible_day()
    modifiers.modifiers()
    parameters.parameters()
    ncci_policy.policy()
    profiles.profiles()
    profiles.ncci_rules()
    units.pooling_per_discipline()
    fee_schedule.rvu_release(2025), fee_schedule.gpci_release(2025), fee_schedule.pfs_status("A")
    fee_schedule.status_source()
    data_files.data_version()
    assert len(recorded) == len(data_files.DATA_FILES)
    assert [path for name, data in recorded.items() for path in unread(data, name)] == []
