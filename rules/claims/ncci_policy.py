"""Curated NCCI policy rules the PTP table does not express by itself: the CMT region rule.

NCCI Policy Manual for Medicare Services, Ch. XI §S: 97112, 97124 and 97140 are not separately reportable in a
spinal region undergoing chiropractic manipulation (98940-98942); in another region they are reported with 59 or
XS. Data: ``rules/data/ncci_policy.json`` (the regions and the pairs); the dates a pair is in force are a
parameter (``rules/data/parameters.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from ..data_files import load_data
from ..parameters import parameter
from .model import ClaimLine

Verdict = Literal["same", "different", "unknown"]


@dataclass(frozen=True, slots=True)
class RegionPair:
    column1: frozenset[str]
    column2: frozenset[str]
    bypass_modifiers: tuple[str, ...]
    in_force: str  # the parameter that says on which dates the rule applies


@dataclass(frozen=True, slots=True)
class NcciPolicy:
    spinal: tuple[str, ...]
    other: tuple[str, ...]
    region_pairs: tuple[RegionPair, ...]
    region_words: dict[str, str]  # a coder's word ("low back") -> its region ("lumbar")
    side_words: frozenset[str]  # "left", "right": the side does not change the region


@cache
def policy() -> NcciPolicy:
    """The curated policy, parsed once (data)."""
    data = load_data("ncci_policy")
    pairs = tuple(RegionPair(frozenset(p["column1"]), frozenset(p["column2"]), tuple(p["bypass_modifiers"]),
                             p["in_force"]) for p in data["region_pairs"])
    return NcciPolicy(tuple(data["spinal_regions"]), tuple(data["other_regions"]), pairs, dict(data["region_words"]),
                      frozenset(data["region_side_words"]))


def region_named(word: str) -> str | None:
    """The catalog region a coder's word names (``"Low back"`` -> ``lumbar``, ``"left knee"`` ->
    ``lower_extremity``, ``"upper-extremity"`` -> ``upper_extremity``), or None for a word the data does not know."""
    words = word.strip().lower().replace("-", " ").replace("_", " ").split()
    spaced = " ".join(w for w in words if w not in policy().side_words)
    regions = {*policy().spinal, *policy().other}
    region = spaced.replace(" ", "_")
    return region if region in regions else policy().region_words.get(spaced)


def region_pair(column1: str, column2: str, on: date) -> RegionPair | None:
    """The region rule covering this pair (CMT vs 97112/97124/97140) in force on ``on``, if any."""
    for pair in policy().region_pairs:
        if column1 in pair.column1 and column2 in pair.column2:
            in_force = parameter(pair.in_force, on)
            return pair if in_force is not None and in_force.value else None
    return None


def region_verdict(line: ClaimLine, cmt: ClaimLine) -> Verdict:
    """Whether ``line`` was performed in a spinal region the CMT treated: 'same', 'different' or 'unknown'."""
    spinal, known = set(policy().spinal), {*policy().spinal, *policy().other}
    regions = set(line.regions or ())
    if not regions or not regions <= known:
        return "unknown"
    if not regions & spinal:
        return "different"  # CMT treats spinal regions only
    cmt_regions = set(cmt.regions or ())
    if not cmt_regions or not cmt_regions <= known:
        return "unknown"
    return "same" if regions & cmt_regions & spinal else "different"
