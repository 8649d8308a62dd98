"""CQ / CO: services furnished in whole or in part (over 10%) by a PTA or OTA (CMS Pub. 100-04 Ch. 5 §20.1).

- ``mod.cq-with-gp`` / ``mod.co-with-go``: each assistant modifier is paired with its therapy modifier; unpaired
  claims are returned as unprocessable.
- ``mod.assistant-required``: PTA/OTA services carry CQ/CO from the date the parameter
  ``assistant_modifiers_required`` sets (42 U.S.C. 1395m(v)), unless the assistant furnished 10% or less of the
  service (CY 2019/2020 PFS final rules, de minimis: the parameter ``assistant_de_minimis_share``, judged from the
  line's ``assistant_minutes`` when given). Who furnished a line is the line's provider, else the claim's.
- ``mod.assistant-not-for-physician``: CQ/CO do not apply to therapy billed by or incident to physicians/NPPs.

The modifiers, their pairs and the providers they mark come from ``rules/data/modifiers.json``.
"""

from __future__ import annotations

from typing import NamedTuple

from ..parameters import parameter
from ..types import Provider, Severity
from ..unit_table import MINIMUM_MINUTES
from .model import Claim, Finding, Repair, finding
from .modifiers import Assistant, modifiers

PHYSICIANS = {Provider.PHYSICIAN: "physician", Provider.NPP: "non-physician practitioner"}


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


class AssistantShare(NamedTuple):
    """The assistant whose modifier a line would carry, and the share of the line's minutes the assistant furnished
    (None: not known; 1.0 for a line the assistant furnished, unless ``assistant_minutes`` says otherwise)."""

    assistant: Assistant
    share: float | None


def assistant_share(claim: Claim, index: int) -> AssistantShare | None:
    """Whether an assistant furnished part of line ``index``, and how much; None when the line says no assistant
    took part (a therapist's line without ``assistant_minutes``, or no provider given)."""
    line, provider = claim.lines[index], claim.provider_of(index)
    assistant = modifiers().assistant_of(provider)
    minutes, furnished = line.minutes, line.assistant_minutes
    share = None if furnished is None or not minutes else furnished / minutes
    if assistant is not None:
        return AssistantShare(assistant, 1.0 if furnished is None else share)
    if furnished is None:
        return None
    therapy = modifiers().for_provider(provider)  # else the line's own GP/GO says whose assistant
    paired = next((a for a in modifiers().assistants
                   if a.pairs_with == therapy or (therapy is None and line.has(a.pairs_with))), None)
    return None if paired is None else AssistantShare(paired, share if furnished else 0.0)


def de_minimis(claim: Claim, share: float | None) -> bool:
    """Whether an assistant's share is at most the de minimis share of the date of service (no CQ/CO then)."""
    limit = parameter("assistant_de_minimis_share", claim.date_of_service)
    return share is not None and limit is not None and share <= limit.value


def de_minimis_text(claim: Claim) -> str:
    """The de minimis share of the date of service as an answer states it, e.g. '10%'."""
    limit = parameter("assistant_de_minimis_share", claim.date_of_service)
    return "the de minimis share" if limit is None else f"{limit.value:.0%}"


def assistant_required(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    furnished = assistant_share(claim, index)
    required = parameter("assistant_modifiers_required", claim.date_of_service)
    if furnished is None or required is None or not required.value or de_minimis(claim, furnished.share):
        return []
    assistant = furnished.assistant
    if line.has(assistant.modifier) or line.is_family("evaluation") or (
            line.entry is not None and not line.entry.always_therapy):
        return []  # an assistant's evaluation is provider.assistant-evaluation's: never "add CQ"
    who = assistant.provider.upper()
    part = "" if furnished.share is None else f" ({furnished.share:.0%} of its {line.minutes} minutes)"
    split = "" if line.units < 2 or not line.entry or not line.entry.timed else (
        f" Units the therapist furnished alone, and a final unit of which the therapist furnished {MINIMUM_MINUTES} "
        "minutes or more "
        f"(CY 2022 PFS final rule, from secondary sources only), may go on a second {line.code} line without "
        f"{assistant.modifier}.")
    return [finding(
        "mod.assistant-required", Severity.ERROR,
        f"{line.code} was furnished in whole or in part by a {who}{part} but has no {assistant.modifier}: services "
        f"furnished in whole or in part (more than {de_minimis_text(claim)} of the service) by a {who} carry "
        f"{assistant.modifier} on "
        f"dates of service from {required.effective_from.isoformat()}.{split}",
        f"Append {assistant.modifier}" + (f" (unless the {who} furnished {de_minimis_text(claim)} or less of the "
                                            "service; give "
                                            "minutes and assistant_minutes to check)." if furnished.share is None
                                            else "."),
        Repair(add=(assistant.modifier,)))]


def assistant_not_for_physician(claim: Claim, index: int) -> list[Finding]:
    line, provider = claim.lines[index], claim.provider_of(index)
    present = line.present(modifiers().assistant_modifiers)
    if provider not in PHYSICIANS or not present:
        return []
    listed = " and ".join(present)
    return [finding(
        "mod.assistant-not-for-physician", Severity.ERROR,
        f"{line.code} is billed by a {PHYSICIANS[provider]} with {listed}: assistant modifiers "
        f"({'/'.join(modifiers().assistant_modifiers)}) do not apply to therapy billed by or incident to "
        "physicians/NPPs (PTAs/OTAs do not meet the incident-to qualification).",
        f"Remove {listed}; if a PTA/OTA furnished the service, it is not billable incident to the physician/NPP.",
        Repair(remove=present))]
