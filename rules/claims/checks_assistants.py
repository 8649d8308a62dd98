"""CQ / CO: services furnished in whole or in part (over 10%) by a PTA or OTA (CMS Pub. 100-04 Ch. 5 §20.1).

- ``mod.cq-with-gp`` / ``mod.co-with-go``: CQ is paired with GP and CO with GO; unpaired claims are
  returned as unprocessable.
- ``mod.assistant-required``: PTA/OTA services carry CQ/CO on and after 2020-01-01 (42 U.S.C. 1395m(v)),
  unless the assistant furnished 10% or less of the service (CY 2019/2020 PFS final rules, de minimis).
- ``mod.assistant-not-for-physician``: CQ/CO do not apply to therapy billed by or incident to physicians/NPPs.
"""

from __future__ import annotations

from .dated import assistant_modifiers_required
from .model import Claim, Finding, Repair, emits

CITATION = "CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §20.1 (CQ/CO modifiers)"
PAIRS = (("CQ", "GP", "mod.cq-with-gp", "physical therapist assistant"),
         ("CO", "GO", "mod.co-with-go", "occupational therapy assistant"))
ASSISTANT_OF = {"pta": ("CQ", "PTA"), "ota": ("CO", "OTA")}


@emits("mod.cq-with-gp", "mod.co-with-go")
def paired_therapy_modifier(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    findings = []
    for assistant, therapy, rule_id, who in PAIRS:
        if line.has(assistant) and not line.has(therapy):
            other = [m for m in line.modifiers if m in ("GP", "GO", "GN") and m != therapy]
            findings.append(Finding(
                rule_id, "error",
                f"{line.code} carries {assistant} ({who}) without {therapy}"
                f"{' but with ' + ', '.join(other) if other else ''}: {assistant} must be paired with {therapy}, "
                "or the claim is returned as unprocessable.",
                f"Append {therapy}." if not other else
                f"Use {assistant} with {therapy} only, or drop {assistant} if no {who} furnished the service.",
                CITATION, None if other else Repair(add=(therapy,))))
    return findings


@emits("mod.assistant-required")
def assistant_required(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if claim.provider not in ASSISTANT_OF or not assistant_modifiers_required(claim.date_of_service):
        return []
    modifier, who = ASSISTANT_OF[claim.provider]
    if line.has(modifier) or (line.entry is not None and not line.entry.always_therapy):
        return []
    return [Finding(
        "mod.assistant-required", "error",
        f"{line.code} was furnished by a {who} but has no {modifier}: services furnished in whole or in part "
        f"(more than 10% of the service) by a {who} carry {modifier} on dates of service from 2020-01-01.",
        f"Append {modifier} (unless the {who} furnished 10% or less of the service).",
        CITATION + "; 42 U.S.C. 1395m(v)", Repair(add=(modifier,)))]


@emits("mod.assistant-not-for-physician")
def assistant_not_for_physician(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = tuple(m for m in ("CQ", "CO") if line.has(m))
    if claim.provider not in ("physician", "npp") or not present:
        return []
    return [Finding(
        "mod.assistant-not-for-physician", "error",
        f"{line.code} is billed by a {'physician' if claim.provider == 'physician' else 'non-physician practitioner'}"
        f" with {' and '.join(present)}: CQ/CO do not apply to therapy billed by or incident to physicians/NPPs "
        "(PTAs/OTAs do not meet the incident-to qualification).",
        f"Remove {' and '.join(present)}; if a PTA/OTA furnished the service, it is not billable incident to the "
        "physician/NPP.", CITATION, Repair(remove=present))]
