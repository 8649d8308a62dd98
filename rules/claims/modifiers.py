"""The modifier catalog (``rules/data/modifiers.json``): therapy, assistant, ABN and NCCI-bypass roles."""

from __future__ import annotations

from functools import cache

from ..data_files import load_data

DISCIPLINE_MODIFIER = {"pt": "GP", "pta": "GP", "ot": "GO", "ota": "GO", "slp": "GN"}


@cache
def therapy_modifiers() -> dict[str, str]:
    """``{'GP': 'pt', 'GO': 'ot', 'GN': 'slp'}``."""
    return dict(load_data("modifiers")["therapy"])


@cache
def known_modifiers() -> frozenset[str]:
    data = load_data("modifiers")
    return frozenset([*data["therapy"], *data["assistant"], *data["abn"], *data["ncci_bypass"],
                      *data["ptp_associated"], *data["other_known"]])


@cache
def ptp_associated() -> frozenset[str]:
    return frozenset(load_data("modifiers")["ptp_associated"])


@cache
def ncci_bypass() -> tuple[str, ...]:
    return tuple(load_data("modifiers")["ncci_bypass"])
