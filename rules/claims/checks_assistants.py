"""CQ / CO: services furnished in whole or in part (over 10%) by a PTA or OTA (CMS Pub. 100-04 Ch. 5 §20.1).

- ``mod.cq-with-gp`` / ``mod.co-with-go``: each assistant modifier is paired with its therapy modifier; unpaired
  claims are returned as unprocessable.
- ``mod.assistant-required``: PTA/OTA services carry CQ/CO from the date the parameter
  ``assistant_modifiers_required`` sets (42 U.S.C. 1395m(v)), unless the assistant furnished 10% or less of the
  service (CY 2019/2020 PFS final rules, de minimis).
- ``mod.assistant-not-for-physician``: CQ/CO do not apply to therapy billed by or incident to physicians/NPPs.

The modifiers, their pairs and the providers they mark come from ``rules/data/modifiers.json``.
"""

from __future__ import annotations

from ..parameters import parameter
from ..types import Provider, Severity
from .model import Claim, Finding, Repair, emits, finding
from .modifiers import modifiers

PHYSICIANS = {Provider.PHYSICIAN: "physician", Provider.NPP: "non-physician practitioner"}


@emits("mod.cq-with-gp", "mod.co-with-go")
def paired_therapy_modifier(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    findings = []
    for a in modifiers().assistants:
        if line.has(a.modifier) and not line.has(a.pairs_with):
            other = [m for m in line.present(modifiers().therapy) if m != a.pairs_with]
            findings.append(finding(
                a.pair_rule, Severity.ERROR,
                f"{line.code} carries {a.modifier} ({a.who}) without {a.pairs_with}"
                f"{' but with ' + ', '.join(other) if other else ''}: {a.modifier} must be paired with "
                f"{a.pairs_with}, or the claim is returned as unprocessable.",
                f"Append {a.pairs_with}." if not other else
                f"Use {a.modifier} with {a.pairs_with} only, or drop {a.modifier} if no {a.who} furnished the service.",
                None if other else Repair(add=(a.pairs_with,))))
    return findings


@emits("mod.assistant-required")
def assistant_required(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    assistant = modifiers().assistant_of(claim.provider)
    required = parameter("assistant_modifiers_required", claim.date_of_service)
    if assistant is None or required is None or not required.value:
        return []
    if line.has(assistant.modifier) or (line.entry is not None and not line.entry.always_therapy):
        return []
    who = assistant.provider.upper()
    return [finding(
        "mod.assistant-required", Severity.ERROR,
        f"{line.code} was furnished by a {who} but has no {assistant.modifier}: services furnished in whole or in "
        f"part (more than 10% of the service) by a {who} carry {assistant.modifier} on dates of service from "
        f"{required.effective_from.isoformat()}.",
        f"Append {assistant.modifier} (unless the {who} furnished 10% or less of the service).",
        Repair(add=(assistant.modifier,)))]


@emits("mod.assistant-not-for-physician")
def assistant_not_for_physician(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = line.present(modifiers().assistant_modifiers)
    if claim.provider not in PHYSICIANS or not present:
        return []
    listed = " and ".join(present)
    return [finding(
        "mod.assistant-not-for-physician", Severity.ERROR,
        f"{line.code} is billed by a {PHYSICIANS[claim.provider]} with {listed}: assistant modifiers "
        f"({'/'.join(modifiers().assistant_modifiers)}) do not apply to therapy billed by or incident to "
        "physicians/NPPs (PTAs/OTAs do not meet the incident-to qualification).",
        f"Remove {listed}; if a PTA/OTA furnished the service, it is not billable incident to the physician/NPP.",
        Repair(remove=present))]
