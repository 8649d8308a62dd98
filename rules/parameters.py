"""Dated values: every number or rule switch that changes with the date of service, read in one place.

Data: ``rules/data/parameters.json``, in the manner of PolicyEngine parameter files: each parameter has a
description and values keyed by effective date, in force until the next date (a null value: none known from
that date on). Each value carries its references ``{title, href or document + section, status}``, where
status is primary, secondary or unverified. A value not from a primary source says so (``Value.caveat``).

>>> parameter("kx_threshold_pt_slp", on=date(2024, 6, 1)).value
2330
>>> kx = parameter("kx_threshold_pt_slp", on=date(2025, 6, 1)); kx.status, kx.effective_from.isoformat()
('secondary', '2025-01-01')
>>> parameter("assistant_payment_rate", on=date(2021, 12, 31)) is None
True
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from .data_files import load_data

STATUSES = ("primary", "secondary", "unverified")  # best first


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a value comes from: a title, and a link or a document and section."""

    title: str
    status: str
    href: str | None = None
    document: str | None = None
    section: str | None = None

    def text(self) -> str:
        """The reference as one citation, e.g. 'Title (CMS Pub. 100-04 Ch. 5, §20.1)'."""
        where = ", ".join(part for part in (self.document, self.section) if part)
        text = f"{self.title} ({where})" if where else self.title
        text += f" ({self.href})" if self.href else ""
        return text if self.status == "primary" else f"{text} [{self.status}]"


@dataclass(frozen=True, slots=True)
class Value:
    """A parameter's value on a date, from ``effective_from`` on, with its references."""

    value: Any
    effective_from: date
    references: tuple[Reference, ...]
    status: str  # the best status among the references: a value is as good as its best source
    caveat: str  # what an answer must say about a value that is not from a primary source
    source: str  # the references as one citation string, to append to a finding's citation


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    starts: tuple[date, ...]
    values: tuple[Value | None, ...]


def _value(start: str, entry: dict[str, Any]) -> Value | None:
    references = tuple(Reference(**ref) for ref in entry["reference"])
    status = min((r.status for r in references), key=STATUSES.index)
    caveat = "" if status == "primary" else f" (from {status} sources only: verify)"
    source = "; ".join(r.text() for r in references)
    value = entry["value"]
    if value is None:
        return None
    frozen = frozenset(value) if isinstance(value, list) else value  # a list of codes: a set no caller can change
    return Value(frozen, date.fromisoformat(start), references, status, caveat, source)


@cache
def parameters() -> Mapping[str, Parameter]:
    """Every parameter of ``parameters.json``, by name (parsed once: data, never answers; read-only)."""
    found = {}
    for name, spec in load_data("parameters")["parameters"].items():
        entries = sorted(spec["values"].items())
        found[name] = Parameter(name, spec["description"], tuple(date.fromisoformat(d) for d, _ in entries),
                                tuple(_value(d, entry) for d, entry in entries))
    return MappingProxyType(found)


def parameter(name: str, on: date) -> Value | None:
    """The value of parameter ``name`` in force on ``on``; None before its first date or where it is null."""
    found = parameters()[name]
    index = bisect_right(found.starts, on) - 1
    return None if index < 0 else found.values[index]
