"""The code catalog: timed (15-minute) and untimed therapy codes, with short labels in our own words.

Data: ``rules/data/codes.json`` (each entry names its source and confidence). CPT descriptors are
AMA-copyrighted, so labels are paraphrases. Codes are normalised (trimmed, upper-case) and checked for
form (5 characters, CPT or HCPCS) before lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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
    """Every known code, keyed by code (parsed once: data)."""
    return {entry["code"]: CatalogCode(**entry) for entry in load_data("codes")["codes"]}


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


def lookup(code: str) -> CatalogCode | None:
    """The catalog entry for a normalised code, or None when the catalog does not know it."""
    return catalog().get(code)
