"""Modifier checks: form, the therapy modifiers and the ABN modifiers (roles from ``rules/data/modifiers.json``).

- ``mod.unknown``: a modifier is two characters; one this tool does not know is flagged (warning).
- ``mod.therapy-required``: always-therapy codes carry GP, GO or GN (CMS Pub. 100-04 Ch. 5 §20.1, §20.2 D;
  claims without one are returned, CPM5 §10.4 B via NGS).
- ``mod.therapy-single``: at most one therapy modifier on a line (CMS Pub. 100-04 Ch. 5 §20.1).
- ``mod.therapy-matches-plan``: the modifier names the plan of care's discipline, and a discipline-specific
  code carries its own discipline's modifier (CMS Pub. 100-04 Ch. 5 §20.1).
- ``mod.abn``: the ABN modifiers GA, GY and GZ are not combined on one line (Noridian, GA modifier; MAC guidance).
"""

from __future__ import annotations

from ..codes import always_therapy_verified
from ..types import Severity
from .model import Claim, Finding, Repair, finding
from .modifiers import modifiers


def unknown_modifiers(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    findings = []
    for modifier in line.modifiers:
        if len(modifier) != 2 or not modifier.isalnum():
            findings.append(finding(
                "mod.unknown", Severity.ERROR,
                f"'{modifier}' is not a modifier: modifiers are exactly two letters or digits.",
                f"Remove or correct '{modifier}'.", Repair(remove=(modifier,))))
        elif modifier not in modifiers().known:
            findings.append(finding(
                "mod.unknown", Severity.WARNING,
                f"Modifier {modifier} is not one this tool knows for therapy claims; it was not judged.",
                f"Check that {modifier} is a valid modifier for {line.code} with this payer."))
    return findings


def _wanted_therapy_modifier(claim: Claim, index: int, code_discipline: str | None) -> str | None:
    """The modifier the plan of care, the code's discipline or the line's provider points to, if any does."""
    discipline = claim.plan_of_care or code_discipline
    return modifiers().for_discipline(discipline) if discipline else modifiers().for_provider(claim.provider_of(index))


def _therapy_list() -> str:
    """'GP, GO or GN'."""
    *first, last = modifiers().therapy
    return f"{', '.join(first)} or {last}"


def _per_plan() -> str:
    """'GP (PT plan of care), GO (OT plan of care), GN (SLP plan of care)'."""
    return ", ".join(f"{m} ({d.upper()} plan of care)" for m, d in modifiers().therapy.items())


def therapy_required(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    entry = line.entry
    if entry is None or not entry.always_therapy or line.has(*modifiers().therapy):
        return []
    wanted = _wanted_therapy_modifier(claim, index, entry.discipline)
    caveat = "" if always_therapy_verified() else (
        f" (This tool treats {line.code} as always-therapy; the CMS therapy code list itself was not verified.)")
    return [finding(
        "mod.therapy-required", Severity.ERROR,
        f"{line.code} has no therapy modifier: codes on the always-therapy list must carry {_therapy_list()} naming "
        f"the plan of care's discipline, or Medicare returns the claim as unprocessable.{caveat}",
        f"Append {wanted}." if wanted else f"Append one of {_per_plan()}, per the plan.",
        Repair(add=(wanted,)) if wanted else None)]


def therapy_single(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = line.present(modifiers().therapy)
    if len(present) < 2:
        return []
    wanted = _wanted_therapy_modifier(claim, index, line.entry.discipline if line.entry else None)
    keep = wanted if wanted in present else None
    return [finding(
        "mod.therapy-single", Severity.ERROR,
        f"{line.code} carries {' and '.join(present)}: a line takes exactly one therapy modifier.",
        f"Keep {keep} and remove {', '.join(m for m in present if m != keep)}." if keep else
        "Keep only the modifier of the discipline whose plan of care covers this service.",
        Repair(remove=tuple(m for m in present if m != keep)) if keep else None)]


def therapy_matches_plan(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = line.present(modifiers().therapy)
    if len(present) != 1:
        return []
    (modifier,) = present
    discipline = modifiers().therapy[modifier]
    code_discipline = line.entry.discipline if line.entry else None
    if code_discipline and code_discipline != discipline:
        wanted_discipline, why = code_discipline, f"{line.code} is a {code_discipline.upper()} code"
    elif claim.plan_of_care and claim.plan_of_care != discipline:
        wanted_discipline, why = claim.plan_of_care, f"the plan of care is {claim.plan_of_care.upper()}"
    else:
        return []
    wanted = modifiers().for_discipline(wanted_discipline)
    return [finding(
        "mod.therapy-matches-plan", Severity.ERROR,
        f"{line.code} carries {modifier} ({discipline.upper()}), but {why}: the therapy modifier must name the "
        "discipline of the plan of care under which the service was furnished.",
        f"Replace {modifier} with {wanted}.", Repair(add=(wanted,), remove=(modifier,)))]


def abn_combination(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    abn = modifiers().abn
    present = line.present(abn)
    if len(present) < 2 or frozenset(present) in modifiers().abn_may_combine:
        return []
    meanings = " and ".join(f"{m} ({abn[m]})" for m in present)
    allowed = "; ".join(" with ".join(sorted(pair)) for pair in modifiers().abn_may_combine)
    return [finding(
        "mod.abn", Severity.ERROR,
        f"{line.code} carries {meanings}: they contradict each other and are not combined on one line "
        f"(only {allowed} may share a line).",
        f"Keep one: {modifiers().not_covered} when the service is not a Medicare benefit (e.g. massage by a "
        "chiropractor), otherwise the one that says whether a valid ABN is on file.")]
