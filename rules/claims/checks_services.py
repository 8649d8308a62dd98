"""What the service was: one-on-one time, and massage versus myofascial release (code families from
``rules/data/codes.json``).

- ``line.one-on-one``: timed codes need direct one-on-one contact; patients treated together are billed as
  group therapy (the ``group`` family, 97150), and group time does not count toward timed codes (APTA, one-on-one
  vs group; Chirocode, group therapy; NCCI Policy Manual Ch. XI §P.2: one PM&R service per 15-minute period).
- ``line.myofascial-release``: myofascial release is manual therapy (``manual_therapy``, 97140), not massage
  (``massage``, 97124) (KMC University; Chiropractic Economics, a comparison of codes) [secondary].
"""

from __future__ import annotations

from ..types import Severity
from .model import Claim, Finding, finding


def one_on_one(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    group = next((o for _, o in claim.others(index) if o.is_family("group")), None)
    if line.entry is None or not line.entry.timed or group is None:
        return []
    return [finding(
        "line.one-on-one", Severity.WARNING,
        f"{line.code} (timed, one-on-one) is billed with group therapy {group.code} on the same day: the minutes of "
        f"{line.code} must be direct one-on-one time outside the group session.",
        "Make sure the documented minutes exclude group time; time with two or more patients at once is "
        f"{group.code}.")]


def myofascial_release(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if not line.is_family("massage"):
        return []
    for _, other in claim.others(index):
        if not other.is_family("manual_therapy"):
            continue
        if line.regions and other.regions and not set(line.regions) & set(other.regions):
            return []
        return [finding(
            "line.myofascial-release", Severity.INFO,
            f"{line.code} (massage: effleurage, petrissage, tapotement) is billed with {other.code} (manual therapy) "
            f"for the same or unstated regions: myofascial release and other manual techniques are {other.code}, not "
            f"{line.code}.",
            f"Bill {line.code} only for massage strokes, with its own minutes; code myofascial release as "
            f"{other.code}.")]
    return []
