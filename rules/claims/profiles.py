"""Payer profiles: the unit method each payer uses by default, and its source.

Data: ``rules/data/payer_profiles.json``. Medicare follows CMS Pub. 100-04 Ch. 5 §20.2; Medicaid (state rules
vary) and commercial contracts (often the CPT midpoint rule) are answered with the payer-neutral rules only.
Which rules fire for a payer is the rule catalog's ``applies_to`` (``rules.catalog.applies``), not a profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..data_files import load_data
from ..errors import RuleInputError
from ..types import Method, Payer


@dataclass(frozen=True, slots=True)
class PayerProfile:
    payer: Payer
    method: Method
    source: str


@cache
def profiles() -> dict[Payer, PayerProfile]:
    """Every payer's profile, parsed once (data)."""
    return {Payer(payer): PayerProfile(Payer(payer), Method(entry["method"]), entry["source"])
            for payer, entry in load_data("payer_profiles")["profiles"].items()}


def profile(payer: str) -> PayerProfile:
    """The payer's profile; RuleInputError naming the payers otherwise."""
    try:
        return profiles()[Payer(payer)]
    except ValueError:
        raise RuleInputError("payer", f"{str(payer)[:20]!r} is not a payer profile",
                             ", ".join(repr(p.value) for p in Payer)) from None
