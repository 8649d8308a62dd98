"""KX modifier against the per-beneficiary threshold of the date of service's calendar year.

Above the threshold, KX confirms medical necessity; without it the claim is denied. KX used when nothing
indicates the threshold will be exceeded is misuse (CMS Pub. 100-04 Ch. 5 §10.3.3; BBA 2018 §50202).
The threshold comes from ``rules/data/kx_thresholds.json`` via ``dated.kx_threshold_for``;
``ytd_therapy_amount`` is the allowed amount accrued before this line.
"""

from __future__ import annotations

from .dated import kx_misuse_fraction, kx_threshold_for
from .model import Claim, Finding, Repair, emits

CITATION = "CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §10.3.3 (KX modifier threshold)"


@emits("mod.kx-threshold")
def kx_threshold(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if line.entry is None or not line.entry.always_therapy:
        return []
    ytd, has_kx = claim.ytd_therapy_amount, line.has("KX")
    if ytd is None:
        if not has_kx:
            return []
        return [Finding("mod.kx-threshold", "info",
                        f"{line.code} carries KX, but no year-to-date therapy amount was given: KX could not be "
                        "checked against the threshold.",
                        "Give ytd_therapy_amount (allowed amount accrued this calendar year before this line).",
                        CITATION)]
    threshold = kx_threshold_for(claim.date_of_service)
    year = claim.date_of_service.year
    if threshold is None:
        return [Finding("mod.kx-threshold", "info",
                        f"This tool has no KX threshold for {year}: KX was not checked.",
                        "Check the CMS therapy threshold update for that year.", CITATION)]
    amount = f"${threshold.amount:,}"
    cited = f"{CITATION}; threshold source: {threshold.source}"
    if ytd >= threshold.amount and not has_kx:
        return [Finding(
            "mod.kx-threshold", "error",
            f"The year-to-date therapy amount ${ytd:,.2f} has reached the {year} KX threshold of {amount}"
            f"{threshold.caveat}: without KX, {line.code} is denied.",
            "Append KX if the documentation supports medical necessity; otherwise issue an ABN before the service.",
            cited, Repair(add=("KX",)))]
    if has_kx and ytd < threshold.amount * kx_misuse_fraction():
        return [Finding(
            "mod.kx-threshold", "warning",
            f"{line.code} carries KX, but the year-to-date amount ${ytd:,.2f} is far below the {year} threshold of "
            f"{amount}{threshold.caveat}: KX without indication that the threshold will be exceeded is misuse.",
            "Remove KX until the year's therapy amount reaches the threshold.",
            cited, Repair(remove=("KX",)))]
    if ytd < threshold.amount and not has_kx:
        return [Finding(
            "mod.kx-threshold", "info",
            f"Year-to-date ${ytd:,.2f} is below the {year} KX threshold of {amount}{threshold.caveat}: KX is "
            "needed only if this line's allowed amount takes the year over the threshold.",
            f"Append KX only if ${ytd:,.2f} plus this line's allowed amount exceeds {amount}.",
            cited)]
    return []
