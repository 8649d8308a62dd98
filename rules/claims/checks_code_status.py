"""Codes Medicare does not pay as billed, and codes billed once per day with an add-on, from the code catalog.

- ``line.code-replaced``: a code Medicare does not recognise, with the code to bill instead (97014 -> G0283;
  code catalog ``medicare.status: not_recognised``).
- ``line.code-bundled``: a PFS status-B code is never paid separately and the patient cannot be billed for it
  (CMS Pub. 100-04 Ch. 23 §30.2.2; Palmetto GBA, 97010, 2018).
- ``line.add-on-code``: the base code (97129) is reported once per day, 1 unit; its add-on (97130) only with it
  (code catalog ``billing``; CPT 2020, secondary).

No code is named here: every fact comes from ``rules/data/codes.json``.
"""

from __future__ import annotations

from ..codes import add_on_bases, lookup
from ..types import Severity
from ..unit_table import UNIT_MINUTES, plural
from .model import Claim, Finding, Repair, finding

NOT_RECOGNISED = "not_recognised"
BUNDLED = "bundled"


def medicare_status(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    status = line.entry.medicare if line.entry is not None else None
    if status is None:
        return []
    sure = "" if "primary" in status.confidence else f" (this status rests on {status.confidence} sources)"
    if status.status == NOT_RECOGNISED:
        return [finding(
            "line.code-replaced", Severity.ERROR,
            f"Medicare does not accept {line.code}: the service is billed as {status.replaced_by} on a Medicare "
            "claim, and a line with this code is rejected.",
            f"Bill {status.replaced_by} instead of {line.code} (same modifiers), 1 unit.",
            Repair(units=1, code=status.replaced_by))]
    return [finding(
        "line.code-bundled", Severity.WARNING,
        f"{line.code} has Medicare fee schedule status B (bundled): its payment is always included in the other "
        "services of the day, so the line pays nothing, and the patient cannot be billed for it (not even with an "
        f"ABN){sure}.",
        f"Report {line.code} only if your MAC or a payer asks for it; expect no payment for it and do not charge "
        "the patient.")]


def add_on_code(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if line.entry is not None and line.entry.billing is not None and line.units > 1:
        billing = line.entry.billing
        return [finding(
            "line.add-on-code", Severity.ERROR,
            f"{line.code} is the first {billing.first_minutes} minutes and is reported once per day (1 unit); "
            f"it is billed {plural(line.units)}. Each further {UNIT_MINUTES} minutes is {billing.add_on}.",
            f"Bill {line.code} as 1 unit and the rest of the time as {billing.add_on}.", Repair(units=1))]
    base = add_on_bases().get(line.code)
    if base is None or any(other.code == base for _, other in claim.others(index)):
        return []
    base_entry = lookup(base)
    assert base_entry is not None and base_entry.billing is not None  # add_on_bases reads the base's billing
    first = base_entry.billing.first_minutes
    return [finding(
        "line.add-on-code", Severity.ERROR,
        f"{line.code} is an add-on for each {UNIT_MINUTES} minutes after the first {first}, reported only with "
        f"{base} on the same date; no {base} line is on this claim.",
        f"Report the first {first} minutes as {base} (1 unit) and only the further time as {line.code}.")]
