"""Chiropractic manipulation to Medicare: the AT modifier (active/corrective treatment).

- ``mod.at-active-treatment``: from 2004-10-01 (parameter ``cmt_at_modifier_required``) Medicare pays chiropractic
  manipulation (the code catalog's ``cmt`` family) only as active/corrective treatment, marked AT; without AT it
  is maintenance and denied, billed with an ABN modifier if the patient is to be liable. AT is never combined with
  GA, GX, GY or GZ on one line (Noridian JE, Modifier AT, 2023; Palmetto GBA, 2020; MLN SE1602).
"""

from __future__ import annotations

from ..parameters import parameter
from ..types import Severity
from .model import Claim, Finding, finding
from .modifiers import modifiers


def active_treatment(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    required = parameter("cmt_at_modifier_required", on=claim.date_of_service)
    if not line.is_family("cmt") or required is None or not required.value:
        return []
    at, denial = modifiers().active_treatment, modifiers().active_treatment_not_with
    with_denial = line.present(denial)
    if line.has(at) and with_denial:
        return [finding(
            "mod.at-active-treatment", Severity.ERROR,
            f"{line.code} carries {at} (active treatment, expected to be paid) and {', '.join(with_denial)} "
            "(expected denial): Medicare rejects the combination on one line.",
            f"Keep {at} for active/corrective treatment, or remove it when the visit is maintenance and keep "
            f"{', '.join(with_denial)}.", source=required.source)]
    if line.has(at) or with_denial:
        return []
    return [finding(
        "mod.at-active-treatment", Severity.ERROR,
        f"{line.code} has no {at}: Medicare pays chiropractic manipulation only as active/corrective treatment "
        f"marked {at}; without it the visit is treated as maintenance and denied{required.caveat}.",
        f"Append {at} if the manipulation is active/corrective treatment (documented); for maintenance care "
        f"append the ABN modifier that fits instead (one of {', '.join(denial)}).", source=required.source)]
