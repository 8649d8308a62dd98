"""The code catalog: timed (15-minute) and untimed therapy codes, with short labels in our own words.

Data: ``rules/data/codes.json`` (each entry names its source and confidence). CPT descriptors are
AMA-copyrighted, so labels are paraphrases. Codes are normalised (trimmed, upper-case) and checked for
form (5 characters, CPT or HCPCS) before lookup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from .data_files import load_data
from .errors import RuleInputError
from .limits import CODE_ALLOWED, CODE_PATTERN

_CODE_RE = re.compile(CODE_PATTERN)


@dataclass(frozen=True, slots=True)
class MedicareStatus:
    """How Medicare treats a code it does not pay as billed: ``not_recognised`` (bill ``replaced_by`` instead) or
    ``bundled`` (PFS status B: never paid separately, CMS Pub. 100-04 Ch. 23 §30.2.2), with the source."""

    status: str
    replaced_by: str | None
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class BaseAddOn:
    """A code billed once per day for its first minutes, with an add-on code for each further 15 minutes."""

    first_minutes: int
    add_on: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class CatalogCode:
    code: str
    label: str
    timed: bool
    discipline: str | None
    always_therapy: bool
    family: str
    source: str
    confidence: str
    medicare: MedicareStatus | None = None
    billing: BaseAddOn | None = None


def _code(entry: dict[str, Any]) -> CatalogCode:
    fields = dict(entry)
    medicare, billing = fields.pop("medicare", None), fields.pop("billing", None)
    return CatalogCode(**fields, medicare=MedicareStatus(**medicare) if medicare else None,
                       billing=BaseAddOn(**billing) if billing else None)


@cache
def catalog() -> Mapping[str, CatalogCode]:
    """Every known code, keyed by code (parsed once: data; read-only, so no caller can change another's answer)."""
    return MappingProxyType({entry["code"]: _code(entry) for entry in load_data("codes")["codes"]})


@cache
def plausible_day() -> tuple[int, str]:
    """The most minutes of one code a day plausibly holds, and that limit's status (data; a heuristic)."""
    limit = load_data("codes")["plausible_day"]
    return int(limit["max_minutes_per_code"]), str(limit["status"])


@cache
def always_therapy_verified() -> bool:
    """Whether the always-therapy flags come from the CMS therapy code list (the data says how sure they are)."""
    return load_data("codes")["always_therapy_confidence"] == "primary"


def family_codes(family: str) -> tuple[str, ...]:
    """The catalog's codes of one family (e.g. ``cmt``), in catalog order."""
    return tuple(code for code, entry in catalog().items() if entry.family == family)


def normalize_code(raw: object, field: str) -> str:
    """Trim and upper-case a code, then check its form (rule ``line.code-format``)."""
    if not isinstance(raw, str):
        raise RuleInputError(field, f"expected a string, got {type(raw).__name__}", CODE_ALLOWED)
    code = raw.strip().upper()
    if not _CODE_RE.match(code):
        raise RuleInputError(field, f"{raw[:20]!r} is not a valid code", CODE_ALLOWED)
    return code


@cache
def add_on_bases() -> Mapping[str, str]:
    """Each add-on code's base code (97130 -> 97129), from the base codes' ``billing`` (read-only)."""
    return MappingProxyType({entry.billing.add_on: code for code, entry in catalog().items()
                             if entry.billing is not None})


def lookup(code: str) -> CatalogCode | None:
    """The catalog entry for a normalised code, or None when the catalog does not know it."""
    return catalog().get(code)
