"""The date of service against what this tool knows: a date in the future, or before its earliest dated data.

- ``session.date-of-service``: a future date of service is judged by the rules and values known today (a later
  act, threshold or edit may change them); a date before the first year whose therapy limit (the cap, later the
  KX threshold, ``rules/data/parameters.json``) this tool holds is judged without the rules of its time. Either way
  the answer says so (warning).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from ..parameters import parameters
from ..types import Severity
from .model import Claim, Finding, finding


@cache
def earliest_data() -> date:
    """The first date whose therapy limit this tool holds (the cap's history, later the KX threshold): the dated
    therapy rules start there. Older values (Part B coinsurance from 1966) say nothing of a therapy claim's rules."""
    return parameters()["kx_threshold_pt_slp"].starts[0]


def date_of_service(claim: Claim) -> list[Finding]:
    day = claim.date_of_service
    if day > date.today():
        return [finding(
            "session.date-of-service", Severity.WARNING,
            f"The date of service {day.isoformat()} is in the future: it was judged by the rules and dated values "
            "known today (thresholds, telehealth windows and edits for that date may not be published yet).",
            "Check the date of service; validate again once the year's values are published.")]
    if day < earliest_data():
        return [finding(
            "session.date-of-service", Severity.WARNING,
            f"The date of service {day.isoformat()} is before {earliest_data().isoformat()}, the earliest date of "
            "the therapy rules this tool holds (the year's therapy limit first): the rules and amounts of that time "
            "were not applied.",
            "Check the date of service; judge claims of that time by the manuals in force then.")]
    return []
