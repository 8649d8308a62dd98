"""NCCI: the CMT region rule, PTP pairs and MUE from the imported CMS tables, and bypass modifiers.

- ``ncci.cmt-region``: 97112, 97124 and 97140 are not separately reportable in a spinal region undergoing
  chiropractic manipulation 98940-98942; in a different region they are reported with 59 or XS
  (NCCI Policy Manual for Medicare Services, Ch. XI §S; curated in ``rules/data/ncci_policy.json``, in force on
  the dates its parameter gives).
- ``ncci.ptp``: a pair in the imported PTP table: the column 2 code is denied unless the modifier indicator
  is 1 and a PTP-associated modifier fits (NCCI Policy Manual Ch. I §A, §E; CMS, Medicare NCCI PTP edits).
- ``line.mue``: units above the imported practitioner MUE (NCCI Policy Manual Ch. I §V).
- ``mod.ncci-bypass``: 59/XE/XS/XP/XU only where an edit allows a bypass; X modifiers over 59
  (NCCI Policy Manual Ch. I §E; Ch. XI §P.2).

The tables come in as ``claim.ncci`` (``rules.ncci.lookup.NcciLookup``); without them the PTP and MUE checks say
they were not run (``NotChecked``: the answer is incomplete), never a silent pass.
"""

from __future__ import annotations

from ..types import Severity
from .model import Claim, ClaimLine, Finding, NotChecked, Outcome, Repair, finding
from .modifiers import modifiers
from .ncci_policy import RegionPair, policy, region_pair, region_verdict

IMPORT_COMMAND = {"PTP": "import-ptp FILE...", "MUE": "import-mue FILE"}
CHECK_NAME = {"PTP": "NCCI PTP", "MUE": "MUE"}


def _import_hint(table: str) -> str:
    return f"Import the current CMS practitioner {table} table: cpt97124-mcp data {IMPORT_COMMAND[table]}"


def _not_imported(rule_id: str, table: str, code: str) -> NotChecked:
    """A table check that could not run (``table``: PTP or MUE): the answer is incomplete, never clean."""
    return NotChecked(rule_id, f"The {CHECK_NAME[table]} check was not run for {code}: no CMS {table} table is "
                      "imported.", _import_hint(table))


def _x_modifier(pair: RegionPair) -> str:
    """The X modifier the region rule names (XS), preferred over 59."""
    return next(m for m in pair.bypass_modifiers if m in modifiers().x_modifiers)


def cmt_region(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    findings = []
    for _, cmt in claim.others(index):
        pair = region_pair(cmt.code, line.code, claim.date_of_service)
        if pair is None:
            continue
        verdict = region_verdict(line, cmt)
        bypass = line.present(pair.bypass_modifiers)
        x = _x_modifier(pair)
        generic = "/".join(m for m in pair.bypass_modifiers if m != x)
        if verdict == "same":
            findings.append(finding(
                "ncci.cmt-region", Severity.ERROR,
                f"{line.code} was performed in a spinal region that {cmt.code} (manipulation) also treated "
                f"({', '.join(sorted(set(line.regions or ()) & set(cmt.regions or ())))}): it is not separately "
                f"reportable there{', and ' + '/'.join(bypass) + ' does not change that' if bypass else ''}.",
                f"Do not bill {line.code} for the region under manipulation; bill it only for time in another "
                f"region, with {x}.", Repair(remove=bypass) if bypass else None))
        elif verdict == "different" and not bypass:
            findings.append(finding(
                "ncci.cmt-region", Severity.ERROR,
                f"{line.code} is billed with {cmt.code} (manipulation) for a different region: it is reportable, "
                f"but only with modifier {x} (or {generic}), or the edit denies it.",
                f"Append {x} ({modifiers().x_modifiers[x]}); document the regions treated by each service.",
                Repair(add=(x,))))
        elif verdict == "unknown":
            findings.append(finding(
                "ncci.cmt-region", Severity.WARNING,
                f"{line.code} is billed with {cmt.code} (manipulation); cannot tell whether it was performed in a "
                f"spinal region under manipulation: give 'regions' for both lines ({', '.join(policy().spinal)}; "
                f"{', '.join(policy().other)}).",
                f"If {line.code} treated the same spinal region, do not bill it; if another region, append {x}."))
    return findings


def ptp_pairs(claim: Claim, index: int) -> list[Outcome]:
    line, others = claim.lines[index], claim.others(index)
    if not others:
        return []
    tables = claim.ncci
    if tables is None or tables.ptp_info is None:
        return [_not_imported("ncci.ptp", "PTP", line.code)]
    label = tables.ptp_info.label
    findings: list[Outcome] = []
    for _, other in others:
        edit = tables.ptp(other.code, line.code, claim.date_of_service)
        if edit is None or edit.modifier_indicator == 9:
            continue
        if edit.modifier_indicator == 1 and region_pair(other.code, line.code, claim.date_of_service):
            continue  # the region rule (ncci.cmt-region) judges this pair with the regions
        where = f"(PTP table {label}, effective {edit.effective.isoformat()}"
        where += f"; {edit.rationale})" if edit.rationale else ")"
        if edit.modifier_indicator == 0:
            findings.append(finding(
                "ncci.ptp", Severity.ERROR,
                f"{line.code} is column 2 to {other.code} {where} with modifier indicator 0: it is denied when "
                f"billed with {other.code} the same day, and no modifier can bypass the edit.",
                f"Do not bill {line.code} with {other.code} for this date of service.",
                source=f"PTP table {label} (imported)"))
        elif not line.present(modifiers().ptp_associated):
            x = modifiers().x_modifiers
            findings.append(finding(
                "ncci.ptp", Severity.ERROR,
                f"{line.code} is column 2 to {other.code} {where}: it is denied unless a bypass modifier fits "
                "(modifier indicator 1).",
                f"If {line.code} was performed as a distinct service, append the X modifier that says why "
                f"({', '.join(f'{m}: {what}' for m, what in x.items())}; "
                f"{'/'.join(m for m in modifiers().ncci_bypass if m not in x)} only if no X modifier fits) and "
                "document it; otherwise do not bill it.", source=f"PTP table {label} (imported)"))
    return findings


def mue(claim: Claim, index: int) -> list[Outcome]:
    line = claim.lines[index]
    tables = claim.ncci
    if tables is None or tables.mue_info is None:
        return [_not_imported("line.mue", "MUE", line.code)]
    value = tables.mue(line.code)
    if value is None or line.units <= value.value:
        return []
    adjudication = f"MAI {value.mai}" if value.mai is not None else "MAI not given"
    billed = sum(ln.units for ln in claim.lines if ln.code == line.code) if value.mai in (2, 3) else line.units
    return [finding(
        "line.mue", Severity.ERROR,
        f"{line.code} is billed {billed} units; the imported MUE ({tables.mue_info.label}) allows {value.value} per "
        f"{'line' if value.mai == 1 else 'date of service'} ({adjudication}"
        f"{'; ' + value.rationale if value.rationale else ''}). Units above the MUE are denied, and an ABN cannot "
        "shift the liability to the patient.",
        f"Bill at most {value.value} units unless the records support more (MAI 3: appeal with records).",
        Repair(units=value.value) if value.value >= 1 else None,
        source=f"MUE table {tables.mue_info.label} (imported)")]


def _edit_allows_bypass(claim: Claim, index: int) -> bool | None:
    """True when an edit with this line as column 2 lets a modifier bypass it; None when it cannot be told."""
    line = claim.lines[index]
    tables = claim.ncci
    for _, other in claim.others(index):
        if region_pair(other.code, line.code, claim.date_of_service):
            return True
        if tables is not None and tables.ptp_info is not None:
            edit = tables.ptp(other.code, line.code, claim.date_of_service)
            if edit is not None and edit.modifier_indicator == 1:
                return True
    if claim.others(index) and (tables is None or tables.ptp_info is None):
        return None
    return False


def bypass_modifier(claim: Claim, index: int) -> list[Outcome]:
    line = claim.lines[index]
    present = tuple(m for m in modifiers().ncci_bypass if line.has(m))
    if not present:
        return []
    return _bypass_findings(line, present, _edit_allows_bypass(claim, index))


def _bypass_findings(line: ClaimLine, present: tuple[str, ...], allowed: bool | None) -> list[Outcome]:
    listed, x = "/".join(present), modifiers().x_modifiers
    generic = [m for m in present if m not in x]
    findings: list[Outcome] = []
    if allowed is False:
        findings.append(finding(
            "mod.ncci-bypass", Severity.WARNING,
            f"{line.code} carries {listed}, but no NCCI edit on this date of service makes it a column 2 "
            "code that a modifier may bypass: a bypass modifier must not be appended without an edit to bypass.",
            f"Remove {listed}.", Repair(remove=present)))
    elif allowed is None:
        findings.append(NotChecked(
            "mod.ncci-bypass", f"{line.code} carries {listed}; without an imported PTP table it cannot be told "
            "whether an edit on this claim allows a bypass.", _import_hint("PTP")))
    if generic and len(present) > len(generic):
        findings.append(finding(
            "mod.ncci-bypass", Severity.WARNING,
            f"{line.code} carries both {'/'.join(generic)} and {'/'.join(m for m in present if m in x)}: use one; "
            "the X modifier is the more specific.", f"Remove {'/'.join(generic)}.", Repair(remove=tuple(generic))))
    elif generic and allowed is not False:
        findings.append(finding(
            "mod.ncci-bypass", Severity.INFO,
            f"{line.code} carries {listed}: CMS prefers the more descriptive "
            f"{', '.join(f'{m} ({what})' for m, what in x.items())} whenever one applies.",
            f"Replace {listed} with the X modifier that describes why the services are distinct."))
    return findings
