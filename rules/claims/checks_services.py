"""What the service was: one-on-one time and massage versus myofascial release.

- ``line.one-on-one``: timed codes need direct one-on-one contact; patients treated together are billed as
  group therapy 97150, and group time does not count toward timed codes (APTA, one-on-one vs group;
  Chirocode, group therapy; NCCI Policy Manual Ch. XI §P.2: one PM&R service per 15-minute period).
- ``line.myofascial-release``: myofascial release is manual therapy 97140, not massage 97124 (KMC University;
  Chiropractic Economics, a comparison of codes) [secondary].
"""

from __future__ import annotations

from .model import Claim, Finding, emits


@emits("line.one-on-one")
def one_on_one(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if line.entry is None or not line.entry.timed or not any(o.code == "97150" for _, o in claim.others(index)):
        return []
    return [Finding(
        "line.one-on-one", "warning",
        f"{line.code} (timed, one-on-one) is billed with group therapy 97150 on the same day: the minutes of "
        f"{line.code} must be direct one-on-one time outside the group session.",
        "Make sure the documented minutes exclude group time; time with two or more patients at once is 97150.",
        "APTA, one-on-one vs group therapy; NCCI Policy Manual for Medicare Services, Ch. XI §P.2 [secondary]")]


@emits("line.myofascial-release")
def myofascial_release(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if line.code != "97124":
        return []
    for _, other in claim.others(index):
        if other.code != "97140":
            continue
        if line.regions and other.regions and not set(line.regions) & set(other.regions):
            return []
        return [Finding(
            "line.myofascial-release", "info",
            "97124 (massage: effleurage, petrissage, tapotement) is billed with 97140 (manual therapy) for the same "
            "or unstated regions: myofascial release and other manual techniques are 97140, not 97124.",
            "Bill 97124 only for massage strokes, with its own minutes; code myofascial release as 97140.",
            "KMC University, timed codes; Chiropractic Economics, a comparison of codes [secondary]")]
    return []
