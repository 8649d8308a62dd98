"""Payer profiles: the unit method each payer uses by default and the rules that apply to it.

Data: ``rules/data/payer_profiles.json``. Medicare follows CMS Pub. 100-04 Ch. 5 §20.2 and the NCCI
Policy Manual; Medicaid (state rules vary) and commercial contracts (often the CPT midpoint rule) run
only the payer-neutral checks. A rule that does not apply to the payer does not fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..data_files import load_data
from ..errors import RuleInputError
from ..units import Method
from .model import PAYERS, Payer


@dataclass(frozen=True, slots=True)
class PayerProfile:
    payer: Payer
    method: Method
    rules: frozenset[str]
    source: str


@cache
def profile(payer: str) -> PayerProfile:
    profiles = load_data("payer_profiles")["profiles"]
    if payer not in profiles:
        raise RuleInputError("payer", f"{payer[:20]!r} is not a payer profile", ", ".join(map(repr, PAYERS)))
    entry = profiles[payer]
    return PayerProfile(payer, entry["method"], frozenset(entry["rules"]), entry["source"])  # type: ignore[arg-type]
