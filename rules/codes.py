"""The code catalog: timed (15-minute) and untimed therapy codes, with short labels in our own words.

Data: ``rules/data/codes.json`` (each entry names its source and confidence). CPT descriptors are
AMA-copyrighted, so labels are paraphrases. Codes are normalised (trimmed, upper-case) and checked for
form (5 characters, CPT or HCPCS) before lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .data_files import load_data
from .errors import RuleInputError
from .limits import CODE_ALLOWED, CODE_PATTERN

_CODE_RE = re.compile(CODE_PATTERN)


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


@cache
def catalog() -> dict[str, CatalogCode]:
    """Every known code, keyed by code."""
    return {entry["code"]: CatalogCode(**entry) for entry in load_data("codes")["codes"]}


def normalize_code(raw: object, field: str) -> str:
    """Trim and upper-case a code, then check its form (rule ``line.code-format``)."""
    if not isinstance(raw, str):
        raise RuleInputError(field, f"expected a string, got {type(raw).__name__}", CODE_ALLOWED)
    code = _normalized(raw)
    if code is None:
        raise RuleInputError(field, f"{raw[:20]!r} is not a valid code", CODE_ALLOWED)
    return code


@lru_cache(maxsize=4096)
def _normalized(raw: str) -> str | None:
    """The code in normal form, or None when it is not one (cached: a day's or a batch's codes repeat)."""
    code = raw.strip().upper()
    return code if _CODE_RE.match(code) else None


def lookup(code: str) -> CatalogCode | None:
    """The catalog entry for a normalised code, or None when the catalog does not know it."""
    return catalog().get(code)
