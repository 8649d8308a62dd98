"""Payer profiles: the unit method each payer uses by default, and its source.

Data: ``rules/data/payer_profiles.json``. Medicare follows CMS Pub. 100-04 Ch. 5 §20.2; Medicaid (state rules
vary) and commercial contracts (often the CPT midpoint rule) are answered with the payer-neutral rules only.
Which rules fire for a payer is the rule catalog's ``applies_to`` (``rules.catalog.applies``), not a profile; a plan
that follows Medicare or the NCCI edits asks for them with ``apply_rules`` (the NCCI rule ids are data here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from ..data_files import load_data
from ..errors import RuleInputError
from ..types import Method, Payer, RuleSet


@dataclass(frozen=True, slots=True)
class PayerProfile:
    payer: Payer
    method: Method
    source: str


@cache
def profiles() -> Mapping[Payer, PayerProfile]:
    """Every payer's profile, parsed once (data; read-only)."""
    return MappingProxyType({Payer(payer): PayerProfile(Payer(payer), Method(entry["method"]), entry["source"])
                             for payer, entry in load_data("payer_profiles")["profiles"].items()})


@dataclass(frozen=True, slots=True)
class NcciRules:
    rules: frozenset[str]
    source: str


@cache
def ncci_rules() -> NcciRules:
    """The rule ids of the NCCI edits: what ``apply_rules: ["ncci"]`` applies for a plan that follows NCCI (data)."""
    entry = load_data("payer_profiles")["ncci_rules"]
    return NcciRules(frozenset(entry["rules"]), entry["source"])


def rule_set(rule_id: str) -> RuleSet:
    """The rule set a Medicare rule belongs to: NCCI for the NCCI edits, else Medicare."""
    return RuleSet.NCCI if rule_id in ncci_rules().rules else RuleSet.MEDICARE


def profile(payer: str) -> PayerProfile:
    """The payer's profile; RuleInputError naming the payers otherwise."""
    try:
        return profiles()[Payer(payer)]
    except ValueError:
        raise RuleInputError("payer", f"{str(payer)[:20]!r} is not a payer profile",
                             ", ".join(repr(p.value) for p in Payer)) from None
