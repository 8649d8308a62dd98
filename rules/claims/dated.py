"""The one place where the date of service picks rule values (KX thresholds, CQ/CO rules, MPPR).

Data: ``rules/data/kx_thresholds.json`` and ``rules/data/dated_rules.json``; every record carries its
effective dates, source and confidence. A value whose confidence is not ``primary`` is reported as such.

>>> kx_threshold_for(date(2024, 6, 1)).amount, kx_threshold_for(date(2025, 6, 1)).confidence
(2330, 'secondary')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from ..data_files import load_data


@dataclass(frozen=True, slots=True)
class DatedValue:
    value: Any
    effective_from: date
    source: str
    confidence: str

    @property
    def caveat(self) -> str:
        """What an answer must say about a value that is not from a primary source."""
        return "" if self.confidence == "primary" else f" (from {self.confidence} sources only: verify)"


@dataclass(frozen=True, slots=True)
class KxThreshold:
    year: int
    amount: int
    source: str
    confidence: str

    @property
    def caveat(self) -> str:
        return "" if self.confidence == "primary" else (
            f" (the {self.year} amount is from {self.confidence} sources only: verify against the CMS update)")


@cache
def _periods(file: str, key: str) -> tuple[tuple[date, date | None, dict[str, Any]], ...]:
    """The records of ``load_data(file)[key]``, each with its effective dates parsed once."""
    return tuple((date.fromisoformat(record["effective_from"]),
                  None if record.get("effective_to") is None else date.fromisoformat(record["effective_to"]), record)
                 for record in load_data(file)[key])


def _in_force(file: str, key: str, on: date) -> dict[str, Any] | None:
    """The first record of ``load_data(file)[key]`` in force on ``on``, or None."""
    return next((record for start, end, record in _periods(file, key) if start <= on and (end is None or on <= end)),
                None)


@lru_cache(maxsize=1024)
def kx_threshold_for(on: date) -> KxThreshold | None:
    """The KX threshold of the calendar year of ``on`` (PT+SLP; OT has the same amount), or None (cached)."""
    record = _in_force("kx_thresholds", "records", on)
    return None if record is None else KxThreshold(on.year, record["pt_slp"], record["source"], record["confidence"])


def kx_misuse_fraction() -> float:
    return float(load_data("kx_thresholds")["misuse_fraction"])


@lru_cache(maxsize=1024)
def dated_value(name: str, on: date) -> DatedValue | None:
    """The record of ``name`` in dated_rules.json in force on ``on``, or None before it took effect (cached: the
    dates of service of a batch repeat)."""
    record = _in_force("dated_rules", name, on)
    if record is None:
        return None
    return DatedValue(record["value"], date.fromisoformat(record["effective_from"]), record["source"],
                      record["confidence"])


def assistant_modifiers_required(on: date) -> bool:
    """CQ/CO required for PTA/OTA services on and after 2020-01-01 (CMS Pub. 100-04 Ch. 5 §20.1)."""
    return dated_value("assistant_modifiers_required", on) is not None


def assistant_payment_rate(on: date) -> DatedValue | None:
    """85% payment for CQ/CO lines on and after 2022-01-01 (CMS Pub. 100-04 Ch. 5 §20.1)."""
    return dated_value("assistant_payment_rate", on)


def mppr_practice_expense_rate(on: date) -> DatedValue | None:
    """50% of practice expense for subsequent units on and after 2013-04-01 (CMS Pub. 100-04 Ch. 5 §10.7)."""
    return dated_value("mppr_practice_expense_rate", on)
