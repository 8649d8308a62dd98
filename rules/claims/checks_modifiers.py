"""Modifier checks: form, therapy modifiers GP/GO/GN, and the ABN modifiers GA/GY/GZ.

- ``mod.unknown``: a modifier is two characters; one this tool does not know is flagged (warning).
- ``mod.therapy-required``: always-therapy codes carry GP, GO or GN (CMS Pub. 100-04 Ch. 5 §20.1, §20.2 D;
  claims without one are returned, CPM5 §10.4 B via NGS).
- ``mod.therapy-single``: at most one of GP/GO/GN on a line (CMS Pub. 100-04 Ch. 5 §20.1).
- ``mod.therapy-matches-plan``: the modifier names the plan of care's discipline, and a discipline-specific
  code carries its own discipline's modifier (CMS Pub. 100-04 Ch. 5 §20.1).
- ``mod.abn``: GA, GY and GZ are not combined on one line (Noridian, GA modifier; MAC guidance).
"""

from __future__ import annotations

from .model import Claim, Finding, Repair, emits
from .modifiers import DISCIPLINE_MODIFIER, known_modifiers, therapy_modifiers

THERAPY_CITATION = "CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §20.1 and §20.2 D"
ABN_CITATION = "Noridian JE/JA DME, GA modifier (do not combine GA, GY, GZ); NGS, chiropractic services (GY)"


@emits("mod.unknown")
def unknown_modifiers(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    findings = []
    for modifier in line.modifiers:
        if len(modifier) != 2 or not modifier.isalnum():
            findings.append(Finding(
                "mod.unknown", "error",
                f"'{modifier}' is not a modifier: modifiers are exactly two letters or digits.",
                f"Remove or correct '{modifier}'.", "CMS-1500 / 837P: two-character modifiers (HCPCS Level I and II)",
                Repair(remove=(modifier,))))
        elif modifier not in known_modifiers():
            findings.append(Finding(
                "mod.unknown", "warning",
                f"Modifier {modifier} is not one this tool knows for therapy claims; it was not judged.",
                f"Check that {modifier} is a valid modifier for {line.code} with this payer.",
                "Project modifier list (rules/data/modifiers.json)"))
    return findings


def _wanted_therapy_modifier(claim: Claim, code_discipline: str | None) -> str | None:
    """The modifier the plan of care, the code's discipline or the provider points to, if any does."""
    if claim.plan_of_care:
        return DISCIPLINE_MODIFIER[claim.plan_of_care]
    if code_discipline:
        return DISCIPLINE_MODIFIER[code_discipline]
    if claim.provider in DISCIPLINE_MODIFIER:
        return DISCIPLINE_MODIFIER[claim.provider]
    return "GP" if claim.provider == "chiropractor" else None  # NGS: chiropractors' therapy claims carry GP


@emits("mod.therapy-required")
def therapy_required(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    entry = line.entry
    if entry is None or not entry.always_therapy or line.has(*therapy_modifiers()):
        return []
    wanted = _wanted_therapy_modifier(claim, entry.discipline)
    fix = (f"Append {wanted}." if wanted else
           "Append GP (physical therapy plan of care), GO (occupational) or GN (speech-language), per the plan.")
    return [Finding(
        "mod.therapy-required", "error",
        f"{line.code} has no therapy modifier: codes on the always-therapy list must carry GP, GO or GN naming "
        "the plan of care's discipline, or Medicare returns the claim as unprocessable. (This tool treats "
        f"{line.code} as always-therapy; the CMS therapy code list itself was not verified.)",
        fix, THERAPY_CITATION, Repair(add=(wanted,)) if wanted else None)]


@emits("mod.therapy-single")
def therapy_single(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = [m for m in line.modifiers if m in therapy_modifiers()]
    if len(present) < 2:
        return []
    entry = line.entry
    wanted = _wanted_therapy_modifier(claim, entry.discipline if entry else None)
    keep = wanted if wanted in present else None
    return [Finding(
        "mod.therapy-single", "error",
        f"{line.code} carries {' and '.join(present)}: a line takes exactly one therapy modifier.",
        f"Keep {keep} and remove {', '.join(m for m in present if m != keep)}." if keep else
        "Keep only the modifier of the discipline whose plan of care covers this service.",
        "CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §20.1 (one GN/GO/GP per line)",
        Repair(remove=tuple(m for m in present if m != keep)) if keep else None)]


@emits("mod.therapy-matches-plan")
def therapy_matches_plan(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    entry = line.entry
    present = [m for m in line.modifiers if m in therapy_modifiers()]
    if len(present) != 1:
        return []
    (modifier,) = present
    discipline = therapy_modifiers()[modifier]
    code_discipline = entry.discipline if entry else None
    if code_discipline and code_discipline != discipline:
        wanted, why = DISCIPLINE_MODIFIER[code_discipline], f"{line.code} is a {code_discipline.upper()} code"
    elif claim.plan_of_care and claim.plan_of_care != discipline:
        wanted, why = DISCIPLINE_MODIFIER[claim.plan_of_care], f"the plan of care is {claim.plan_of_care.upper()}"
    else:
        return []
    return [Finding(
        "mod.therapy-matches-plan", "error",
        f"{line.code} carries {modifier} ({discipline.upper()}), but {why}: the therapy modifier must name the "
        "discipline of the plan of care under which the service was furnished.",
        f"Replace {modifier} with {wanted}.", THERAPY_CITATION, Repair(add=(wanted,), remove=(modifier,)))]


@emits("mod.abn")
def abn_combination(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = [m for m in line.modifiers if m in ("GA", "GY", "GZ")]
    if len(present) < 2:
        return []
    return [Finding(
        "mod.abn", "error",
        f"{line.code} carries {' and '.join(present)}: GA (ABN on file), GY (statutorily excluded / not a "
        "Medicare benefit) and GZ (denial expected, no ABN) contradict each other and are not combined.",
        "Keep one: GY when the service is not a Medicare benefit (e.g. massage by a chiropractor), GA when a "
        "valid ABN is on file, GZ when a denial is expected and there is no ABN.", ABN_CITATION)]
