"""CQ/CO where they do not belong: on a line the therapist furnished alone, and before the modifiers existed.

- ``mod.assistant-not-furnished``: CQ/CO mark a service an assistant furnished in whole or in part, more than the
  de minimis share (parameter ``assistant_de_minimis_share``; CMS Therapy Services, CQ/CO billing examples, CY 2019,
  2020 and 2022 PFS final rules). On a line the therapist furnished alone they cut the payment to the assistant
  rate for nothing: a warning.
- ``mod.assistant-dates``: CQ/CO were established for 2019 and required from 2020 (42 U.S.C. 1395m(v); CY 2019
  PFS final rule): parameters ``assistant_modifiers_established`` and ``assistant_modifiers_required``.
"""

from __future__ import annotations

from ..parameters import parameter, parameters
from ..types import Provider, Severity
from .checks_assistants import assistant_share, de_minimis, de_minimis_text
from .model import Claim, Finding, Repair, finding
from .modifiers import modifiers

THERAPISTS = (Provider.PT, Provider.OT, Provider.SLP)


def assistant_not_furnished(claim: Claim, index: int) -> list[Finding]:
    line, provider = claim.lines[index], claim.provider_of(index)
    present = line.present(modifiers().assistant_modifiers)
    if not present or line.is_family("evaluation"):
        return []  # an evaluation with CQ/CO is provider.assistant-evaluation's
    furnished = assistant_share(claim, index)
    if furnished is None and provider in THERAPISTS:
        why, repair = f"the line says a {provider.upper()} furnished it and gives no assistant_minutes", None
    elif furnished is not None and (furnished.share == 0 or de_minimis(claim, furnished.share)):
        minutes = (f"{line.assistant_minutes} of its {line.minutes} minutes" if line.minutes else
                   f"{line.assistant_minutes} minutes")
        why, repair = f"the assistant furnished {minutes} ({de_minimis_text(claim)} or less)", Repair(remove=present)
    else:
        return []
    rate = parameter("assistant_payment_rate", claim.date_of_service)
    cost = f" and pays it at {rate.value:.0%}" if rate else ""
    return [finding(
        "mod.assistant-not-furnished", Severity.WARNING,
        f"{line.code} carries {' and '.join(present)}, but {why}: CQ/CO belong only on services an assistant "
        f"furnished in whole or in part (more than {de_minimis_text(claim)}); on a therapist's own service the "
        f"modifier is wrong{cost}.",
        f"Remove {'/'.join(present)} if the therapist furnished the service alone; keep it if an assistant furnished "
        f"more than {de_minimis_text(claim)} of it (give assistant_minutes).", repair)]


def assistant_dates(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    present = line.present(modifiers().assistant_modifiers)
    if not present:
        return []
    day, listed = claim.date_of_service.isoformat(), "/".join(present)
    established = parameter("assistant_modifiers_established", claim.date_of_service)
    if established is None:
        first = parameters()["assistant_modifiers_established"].starts[0].isoformat()
        return [finding(
            "mod.assistant-dates", Severity.ERROR,
            f"{line.code} carries {listed} on a date of service ({day}) before the assistant modifiers existed: "
            f"CQ/CO were established for dates of service from {first}.",
            f"Remove {listed}.", Repair(remove=present), source=established_source())]
    required = parameter("assistant_modifiers_required", claim.date_of_service)
    if required is not None:
        return []
    start = parameters()["assistant_modifiers_required"].starts[0].isoformat()
    return [finding(
        "mod.assistant-dates", Severity.WARNING,
        f"{line.code} carries {listed} on {day}: the modifiers were established for dates of service from "
        f"{established.effective_from.isoformat()} but required only from "
        f"{start}, and whether claims for earlier dates accepted them is unverified.",
        f"Check with the MAC whether {listed} is accepted for this date of service, or remove it.",
        source=established.source)]


def established_source() -> str:
    """The references of the modifiers' establishment (its first value's)."""
    first = parameters()["assistant_modifiers_established"].values[0]
    return first.source if first else ""
