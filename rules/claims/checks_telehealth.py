"""Medicare telehealth by therapists: the code must be on the Medicare Telehealth Services List on the date of
service, and the date must fall in a window in which PTs, OTs and SLPs may furnish telehealth.

- ``line.telehealth-window``: PTs, OTs and SLPs are not distant-site practitioners (SSA §1834(m)(4)(E));
  they may furnish telehealth only under the COVID-19 waiver (from 2020-03-01) and the statutory extensions that
  followed it (parameter ``telehealth_therapists_eligible``, each window with its act).
- ``line.telehealth-list``: a code not on the list on the date of service (parameter
  ``telehealth_therapy_codes``; the list as read, with its status: replace it with the CMS list file).

A line is a telehealth line when it carries a telehealth modifier (95, 93, GT) or its place of service (the line's,
else the claim's) is a telehealth one (02, 10): ``rules/data/modifiers.json``, role ``telehealth``.
"""

from __future__ import annotations

from datetime import timedelta

from ..parameters import parameter, parameters
from ..types import Severity
from .model import Claim, Finding, finding
from .modifiers import modifiers


def telehealth_marks(claim: Claim, index: int) -> str:
    """What makes line ``index`` a telehealth line ('modifier 95', 'place of service 10'), or '' when nothing does."""
    line, place = claim.lines[index], claim.place_of(index)
    marks = [f"modifier {m}" for m in line.present(modifiers().telehealth)]
    if place is not None and place in modifiers().telehealth_places:
        marks.append(f"place of service {place} ({modifiers().telehealth_places[place]})")
    return " and ".join(marks)


def _windows() -> str:
    """The windows of therapist telehealth as dates, e.g. '2020-03-01 to 2027-12-31'."""
    found = parameters()["telehealth_therapists_eligible"]
    spans, start = [], None
    for begins, value in zip(found.starts, found.values, strict=True):
        if value is not None and value.value and start is None:
            start = begins
        elif (value is None or not value.value) and start is not None:
            spans.append(f"{start.isoformat()} through {(begins - timedelta(days=1)).isoformat()}")
            start = None
    if start is not None:
        spans.append(f"from {start.isoformat()}")
    return "; ".join(spans)


def therapist_window(claim: Claim, index: int) -> list[Finding]:
    marks = telehealth_marks(claim, index)
    eligible = parameter("telehealth_therapists_eligible", claim.date_of_service)
    if not marks or (eligible is not None and eligible.value):
        return []
    line = claim.lines[index]
    return [finding(
        "line.telehealth-window", Severity.ERROR,
        f"{line.code} is billed as telehealth ({marks}) for {claim.date_of_service.isoformat()}, outside the windows "
        f"in which PTs, OTs and SLPs could furnish Medicare telehealth ({_windows()}): therapists are not "
        "distant-site telehealth practitioners without a waiver or statutory extension.",
        "Bill only services furnished in person on this date (without telehealth modifiers or place of service), or "
        "do not bill the telehealth visit to Medicare.",
        source=eligible.source if eligible else None)]


def services_list(claim: Claim, index: int) -> list[Finding]:
    marks = telehealth_marks(claim, index)
    listed = parameter("telehealth_therapy_codes", claim.date_of_service)
    line = claim.lines[index]
    if not marks or listed is None or line.code in listed.value:
        return []  # before the list's first date the therapist window rule answers
    return [finding(
        "line.telehealth-list", Severity.ERROR,
        f"{line.code} is billed as telehealth ({marks}), but it is not on the Medicare Telehealth Services List for "
        f"{claim.date_of_service.isoformat()} ({line.code} was not found on the list as read, in force from "
        f"{listed.effective_from.isoformat()}{listed.caveat}): Medicare pays telehealth only for listed services.",
        f"Do not bill {line.code} as telehealth; bill it only when furnished in person.", source=listed.source)]
