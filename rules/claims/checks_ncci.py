"""NCCI: the CMT region rule, PTP pairs and MUE from the imported CMS tables, and bypass modifiers.

- ``ncci.cmt-region``: 97112, 97124 and 97140 are not separately reportable in a spinal region undergoing
  chiropractic manipulation 98940-98942; in a different region they are reported with 59 or XS
  (NCCI Policy Manual for Medicare Services, Ch. XI §S; curated in ``rules/data/ncci_policy.json``).
- ``ncci.ptp``: a pair in the imported PTP table: the column 2 code is denied unless the modifier indicator
  is 1 and a PTP-associated modifier fits (NCCI Policy Manual Ch. I §A, §E; CMS, Medicare NCCI PTP edits).
- ``line.mue``: units above the imported practitioner MUE (NCCI Policy Manual Ch. I §V).
- ``mod.ncci-bypass``: 59/XE/XS/XP/XU only where an edit allows a bypass; X modifiers over 59
  (NCCI Policy Manual Ch. I §E; Ch. XI §P.2).

Without imported tables the PTP and MUE checks say they were not run (info), never a silent pass.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from ..data_files import load_data
from .model import Claim, ClaimLine, Finding, Repair, emits
from .modifiers import ncci_bypass, ptp_associated

CMT_CITATION = "NCCI Policy Manual for Medicare Services, Ch. XI §S (chiropractic manipulative treatment)"
PTP_CITATION = "NCCI Policy Manual for Medicare Services, Ch. I §A and §E; CMS Medicare NCCI PTP edits (imported table)"
MUE_CITATION = "NCCI Policy Manual for Medicare Services, Ch. I §V (MUE); CMS practitioner MUE table (imported)"
BYPASS_CITATION = "NCCI Policy Manual for Medicare Services, Ch. I §E (modifiers 59 and XE/XS/XP/XU); Ch. XI §P.2"
PTP_HINT = "Import the current CMS practitioner PTP table: cpt97124-mcp data import-ptp FILE..."
MUE_HINT = "Import the current CMS practitioner MUE table: cpt97124-mcp data import-mue FILE"


@cache
def _policy() -> dict[str, Any]:
    return load_data("ncci_policy")


def region_rule_for(column1: str, column2: str) -> dict[str, Any] | None:
    """The curated region rule covering this pair (CMT vs 97112/97124/97140), if any."""
    for rule in _policy()["region_pairs"]:
        if column1 in rule["column1"] and column2 in rule["column2"]:
            return rule
    return None


def _region_verdict(line: ClaimLine, cmt: ClaimLine) -> str:
    """'same', 'different' or 'unknown': whether ``line`` was performed in a spinal region the CMT treated."""
    spinal, other = set(_policy()["spinal_regions"]), set(_policy()["other_regions"])
    regions = set(line.regions or ())
    if not regions or not regions <= spinal | other:
        return "unknown"
    if not regions & spinal:
        return "different"  # CMT (98940-98942) treats spinal regions only
    cmt_regions = set(cmt.regions or ())
    if not cmt_regions or not cmt_regions <= spinal | other:
        return "unknown"
    return "same" if regions & cmt_regions & spinal else "different"


@emits("ncci.cmt-region")
def cmt_region(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    findings = []
    for _, cmt in claim.others(index):
        rule = region_rule_for(cmt.code, line.code)
        if rule is None:
            continue
        verdict = _region_verdict(line, cmt)
        bypass = [m for m in rule["bypass_modifiers"] if line.has(m)]
        if verdict == "same":
            findings.append(Finding(
                "ncci.cmt-region", "error",
                f"{line.code} was performed in a spinal region that {cmt.code} (manipulation) also treated "
                f"({', '.join(sorted(set(line.regions or ()) & set(cmt.regions or ())))}): it is not separately "
                f"reportable there{', and ' + '/'.join(bypass) + ' does not change that' if bypass else ''}.",
                f"Do not bill {line.code} for the region under manipulation; bill it only for time in another "
                "region, with XS.", CMT_CITATION, Repair(remove=tuple(bypass)) if bypass else None))
        elif verdict == "different" and not bypass:
            findings.append(Finding(
                "ncci.cmt-region", "error",
                f"{line.code} is billed with {cmt.code} (manipulation) for a different region: it is reportable, "
                "but only with modifier XS (or 59), or the edit denies it.",
                "Append XS (separate structure); document the regions treated by each service.",
                CMT_CITATION, Repair(add=("XS",))))
        elif verdict == "unknown":
            findings.append(Finding(
                "ncci.cmt-region", "warning",
                f"{line.code} is billed with {cmt.code} (manipulation); cannot tell whether it was performed in a "
                "spinal region under manipulation: give 'regions' for both lines (cervical, thoracic, lumbar, "
                "sacral, pelvic; head, rib_cage, abdomen, upper_extremity, lower_extremity).",
                f"If {line.code} treated the same spinal region, do not bill it; if another region, append XS.",
                CMT_CITATION))
    return findings


NOT_IMPORTED = {  # table -> (rule id, check name, how to import it, citation)
    "PTP": ("ncci.ptp", "NCCI PTP", PTP_HINT, PTP_CITATION),
    "MUE": ("line.mue", "MUE", MUE_HINT, MUE_CITATION),
}


@lru_cache(maxsize=256)
def _not_imported(table: str, code: str) -> Finding:
    """The info finding of a table check that could not run (made once per code: every batch line repeats it)."""
    rule_id, check, hint, citation = NOT_IMPORTED[table]
    return Finding(rule_id, "info", f"The {check} check was not run for {code}: no CMS {table} table is imported.",
                   hint, citation)


def _bypass_fits(line: ClaimLine) -> list[str]:
    return [m for m in line.modifiers if m in ptp_associated()]


@emits("ncci.ptp")
def ptp_pairs(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    others = claim.others(index)
    if not others:
        return []
    tables = claim.ncci
    if tables is None or tables.ptp_info is None:
        return [_not_imported("PTP", line.code)]
    findings = []
    for _, other in others:
        edit = tables.ptp(other.code, line.code, claim.date_of_service)
        if edit is None or edit.modifier_indicator == 9:
            continue
        if edit.modifier_indicator == 1 and region_rule_for(other.code, line.code):
            continue  # the region rule (ncci.cmt-region) judges this pair with the regions
        fitting = _bypass_fits(line)
        where = f"(PTP table {tables.ptp_info.label}, effective {edit.effective.isoformat()}"
        where += f"; {edit.rationale})" if edit.rationale else ")"
        if edit.modifier_indicator == 0:
            findings.append(Finding(
                "ncci.ptp", "error",
                f"{line.code} is column 2 to {other.code} {where} with modifier indicator 0: it is denied when "
                f"billed with {other.code} the same day, and no modifier can bypass the edit.",
                f"Do not bill {line.code} with {other.code} for this date of service.", PTP_CITATION))
        elif not fitting:
            findings.append(Finding(
                "ncci.ptp", "error",
                f"{line.code} is column 2 to {other.code} {where}: it is denied unless a bypass modifier fits "
                "(modifier indicator 1).",
                f"If {line.code} was performed in a separate time interval (or structure/encounter), append XU "
                "(or XS/XE/XP; 59 only if no X modifier fits) and document it; otherwise do not bill it.",
                PTP_CITATION))
    return findings


@emits("line.mue")
def mue(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    tables = claim.ncci
    if tables is None or tables.mue_info is None:
        return [_not_imported("MUE", line.code)]
    value = tables.mue(line.code)
    if value is None or line.units <= value.value:
        return []
    adjudication = f"MAI {value.mai}" if value.mai is not None else "MAI not given"
    billed = sum(ln.units for ln in claim.lines if ln.code == line.code) if value.mai in (2, 3) else line.units
    return [Finding(
        "line.mue", "error",
        f"{line.code} is billed {billed} units; the imported MUE ({tables.mue_info.label}) allows {value.value} per "
        f"{'line' if value.mai == 1 else 'date of service'} ({adjudication}"
        f"{'; ' + value.rationale if value.rationale else ''}). Units above the MUE are denied, and an ABN cannot "
        "shift the liability to the patient.",
        f"Bill at most {value.value} units unless the records support more (MAI 3: appeal with records).",
        MUE_CITATION, Repair(units=value.value) if value.value >= 1 else None)]


def _edit_allows_bypass(claim: Claim, index: int) -> bool | None:
    """True when an edit with this line as column 2 lets a modifier bypass it; None when it cannot be told."""
    line = claim.lines[index]
    for _, other in claim.others(index):
        if region_rule_for(other.code, line.code):
            return True
        if claim.ncci is not None and claim.ncci.ptp_info is not None:
            edit = claim.ncci.ptp(other.code, line.code, claim.date_of_service)
            if edit is not None and edit.modifier_indicator == 1:
                return True
    if claim.others(index) and (claim.ncci is None or claim.ncci.ptp_info is None):
        return None
    return False


@emits("mod.ncci-bypass")
def bypass_modifier(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = [m for m in ncci_bypass() if line.has(m)]
    if not present:
        return []
    findings = []
    allowed = _edit_allows_bypass(claim, index)
    if allowed is False:
        findings.append(Finding(
            "mod.ncci-bypass", "warning",
            f"{line.code} carries {'/'.join(present)}, but no NCCI edit on this date of service makes it a column 2 "
            "code that a modifier may bypass: a bypass modifier must not be appended without an edit to bypass.",
            f"Remove {'/'.join(present)}.", BYPASS_CITATION, Repair(remove=tuple(present))))
    elif allowed is None:
        findings.append(Finding(
            "mod.ncci-bypass", "info",
            f"{line.code} carries {'/'.join(present)}; without an imported PTP table it cannot be told whether an "
            "edit on this claim allows a bypass.", PTP_HINT, BYPASS_CITATION))
    if "59" in present and len(present) > 1:
        findings.append(Finding(
            "mod.ncci-bypass", "warning",
            f"{line.code} carries both 59 and {'/'.join(m for m in present if m != '59')}: use one; the X modifier "
            "is the more specific.", "Remove 59.", BYPASS_CITATION, Repair(remove=("59",))))
    elif present == ["59"] and allowed is not False:
        findings.append(Finding(
            "mod.ncci-bypass", "info",
            f"{line.code} carries 59: CMS prefers the more descriptive XE, XS, XP or XU whenever one applies "
            "(XU for separate time intervals, XS for a different region).",
            "Replace 59 with the X modifier that describes why the services are distinct.", BYPASS_CITATION))
    return findings
