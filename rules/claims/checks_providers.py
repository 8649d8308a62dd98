"""Who may bill therapy under Medicare.

- ``provider.massage-therapist``: Medicare does not recognise massage therapists as therapy providers; their
  services are not billable incident-to (ADVANCE, Using massage therapists under Medicare; Karen Zupko;
  Massage Today on the 2005 incident-to change) [secondary].
- ``provider.aide``: aides' services are not therapy and are not covered (CMS Pub. 100-02 Ch. 15 §230.1).
- ``provider.athletic-trainer``: since 2005 incident-to therapy is paid only when furnished by qualified
  therapists, not athletic trainers (Massage Today, citing the March 2005 change) [secondary].
- ``provider.chiropractor``: Medicare covers only spinal manipulation 98940-98942 from chiropractors; therapy
  codes such as 97124 are non-covered, billed with GY and a therapy modifier (NGS, chiropractic services;
  NGS, therapy services by chiropractors; Palmetto).
"""

from __future__ import annotations

from .model import Claim, Finding, Repair, emits

UNRECOGNISED = {
    "massage_therapist": (
        "provider.massage-therapist", "a massage therapist",
        "Medicare does not recognise massage therapists as providers of therapy (they count as aides), and their "
        "services are not billable incident to a physician or therapist",
        "Pub. 100-02 Ch. 15 §220 (qualified personnel), §230.4; ADVANCE, Using massage therapists under Medicare; "
        "Karen Zupko, therapy services [secondary]"),
    "aide": (
        "provider.aide", "an aide",
        "services of aides are not therapy services and are not covered, even under a therapist's supervision",
        "CMS Pub. 100-02 Medicare Benefit Policy Manual, Ch. 15, §230.1"),
    "athletic_trainer": (
        "provider.athletic-trainer", "an athletic trainer",
        "Medicare pays incident-to therapy only when a qualified therapist furnishes it, not an athletic trainer",
        "CMS Pub. 100-02 Ch. 15 §220 (qualified personnel); Massage Today on the 2005 incident-to change "
        "[secondary]"),
}


@emits("provider.massage-therapist", "provider.aide", "provider.athletic-trainer")
def unrecognised_provider(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if claim.provider not in UNRECOGNISED:
        return []
    rule_id, who, why, citation = UNRECOGNISED[claim.provider]
    return [Finding(
        rule_id, "error", f"{line.code} was furnished by {who}: {why}. Medicare will not pay this line.",
        "Bill only services a PT or OT furnished (or a PTA/OTA under the required supervision, with CQ/CO); "
        "services by this provider are the patient's to pay without a Medicare claim.", citation)]


@emits("provider.chiropractor")
def chiropractor(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if claim.provider != "chiropractor" or (line.entry is not None and line.entry.family == "cmt"):
        return []
    citation = ("NGS Medicare, chiropractic services (GY for non-covered services); NGS, therapy services by "
                "chiropractors (therapy modifier still required); Palmetto GBA")
    if line.has("GY"):
        return [Finding(
            "provider.chiropractor", "info",
            f"{line.code} by a chiropractor is not covered by Medicare (only manipulation 98940-98942 is); with GY "
            "it is billed as non-covered and the beneficiary is liable.",
            "Keep GY and the therapy modifier; bill the patient for the service.", citation)]
    return [Finding(
        "provider.chiropractor", "error",
        f"{line.code} by a chiropractor is not covered by Medicare (only spinal manipulation 98940-98942 is): "
        "submitted at the beneficiary's request it needs GY (and a therapy modifier), or it is rejected.",
        "Append GY (and GP); the beneficiary is liable for the service.", citation, Repair(add=("GY",)))]
