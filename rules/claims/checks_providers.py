"""Who may bill therapy under Medicare.

- ``provider.massage-therapist``: Medicare does not recognise massage therapists as therapy providers; their
  services are not billable incident-to (ADVANCE, Using massage therapists under Medicare; Karen Zupko;
  Massage Today on the 2005 incident-to change) [secondary].
- ``provider.aide``: aides' services are not therapy and are not covered (CMS Pub. 100-02 Ch. 15 §230.1).
- ``provider.athletic-trainer``: since 2005 incident-to therapy is paid only when furnished by qualified
  therapists, not athletic trainers (Massage Today, citing the March 2005 change) [secondary].
- ``provider.chiropractor``: Medicare covers only spinal manipulation (the ``cmt`` family of the code catalog)
  from chiropractors; therapy codes such as 97124 are non-covered, billed with GY and a therapy modifier (NGS,
  chiropractic services; NGS, therapy services by chiropractors; Palmetto).
"""

from __future__ import annotations

from ..codes import family_codes
from ..types import Provider, Severity
from .model import Claim, Finding, Repair, finding
from .modifiers import modifiers

UNRECOGNISED = {  # provider -> (rule id, who, why)
    Provider.MASSAGE_THERAPIST: (
        "provider.massage-therapist", "a massage therapist",
        "Medicare does not recognise massage therapists as providers of therapy (they count as aides), and their "
        "services are not billable incident to a physician or therapist"),
    Provider.AIDE: (
        "provider.aide", "an aide",
        "services of aides are not therapy services and are not covered, even under a therapist's supervision"),
    Provider.ATHLETIC_TRAINER: (
        "provider.athletic-trainer", "an athletic trainer",
        "Medicare pays incident-to therapy only when a qualified therapist furnishes it, not an athletic trainer"),
}


def unrecognised_provider(claim: Claim, index: int) -> list[Finding]:
    line, provider = claim.lines[index], claim.provider_of(index)
    if provider not in UNRECOGNISED:
        return []
    rule_id, who, why = UNRECOGNISED[provider]
    return [finding(
        rule_id, Severity.ERROR, f"{line.code} was furnished by {who}: {why}. Medicare will not pay this line.",
        "Bill only services a PT or OT furnished (or a PTA/OTA under the required supervision, with "
        f"{'/'.join(modifiers().assistant_modifiers)}); services by this provider are the patient's to "
        "pay without a Medicare claim.")]


def chiropractor(claim: Claim, index: int) -> list[Finding]:
    line, provider = claim.lines[index], claim.provider_of(index)
    if provider != Provider.CHIROPRACTOR or line.is_family("cmt"):
        return []
    covered = ", ".join(family_codes("cmt"))
    not_covered, therapy = modifiers().not_covered, modifiers().for_provider(provider)
    if line.has(not_covered):
        return [finding(
            "provider.chiropractor", Severity.INFO,
            f"{line.code} by a chiropractor is not covered by Medicare (only manipulation {covered} is); with "
            f"{not_covered} it is billed as non-covered and the beneficiary is liable.",
            f"Keep {not_covered} and the therapy modifier; bill the patient for the service.")]
    return [finding(
        "provider.chiropractor", Severity.ERROR,
        f"{line.code} by a chiropractor is not covered by Medicare (only spinal manipulation {covered} is): "
        f"submitted at the beneficiary's request it needs {not_covered} (and a therapy modifier), or it is rejected.",
        f"Append {not_covered} (and {therapy}); the beneficiary is liable for the service.",
        Repair(add=(not_covered,)))]
