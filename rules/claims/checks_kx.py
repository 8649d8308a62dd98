"""KX modifier against the per-beneficiary threshold of the date of service's calendar year.

Above the threshold, KX confirms medical necessity; without it the claim is denied. KX used when nothing
indicates the threshold will be exceeded is misuse (CMS Pub. 100-04 Ch. 5 §10.3.3; BBA 2018 §50202).
The thresholds (PT and SLP together, OT on its own) and the misuse heuristic are parameters
(``rules/data/parameters.json``); ``ytd_therapy_amount`` is the allowed amount accrued before this line.
"""

from __future__ import annotations

from ..parameters import Value, parameter
from ..types import Discipline, Severity
from .model import Claim, ClaimLine, NotChecked, Outcome, Repair, emits, finding
from .modifiers import modifiers


def _threshold(claim: Claim, line: ClaimLine) -> Value | None:
    """The year's threshold of the line's discipline: OT's own amount for OT services, else PT/SLP's."""
    therapy = [modifiers().therapy[m] for m in line.present(modifiers().therapy)]
    discipline = therapy[0] if len(therapy) == 1 else claim.plan_of_care
    name = "kx_threshold_ot" if discipline == Discipline.OT else "kx_threshold_pt_slp"
    return parameter(name, claim.date_of_service)


@emits("mod.kx-threshold")
def kx_threshold(claim: Claim, index: int) -> list[Outcome]:
    line = claim.lines[index]
    if not line.always_therapy:
        return []
    kx = modifiers().kx
    ytd, has_kx = claim.ytd_therapy_amount, line.has(kx)
    if ytd is None:
        if not has_kx:
            return []
        return [finding("mod.kx-threshold", Severity.INFO,
                        f"{line.code} carries {kx}, but no year-to-date therapy amount was given: {kx} could not be "
                        "checked against the threshold.",
                        "Give ytd_therapy_amount (allowed amount accrued this calendar year before this line).")]
    threshold = _threshold(claim, line)
    year = claim.date_of_service.year
    if threshold is None:
        return [NotChecked("mod.kx-threshold", f"This tool has no {kx} threshold for {year}: {kx} was not checked "
                           "against the year-to-date amount.",
                           f"Check the CMS therapy threshold update for {year} by hand.")]
    amount = f"${threshold.value:,}{threshold.caveat}"
    source = f"threshold source: {threshold.source}"
    misuse = parameter("kx_misuse_fraction", claim.date_of_service)
    if ytd >= threshold.value and not has_kx:
        return [finding(
            "mod.kx-threshold", Severity.ERROR,
            f"The year-to-date therapy amount ${ytd:,.2f} has reached the {year} {kx} threshold of {amount}: without "
            f"{kx}, {line.code} is denied.",
            f"Append {kx} if the documentation supports medical necessity; otherwise issue an ABN before the service.",
            Repair(add=(kx,)), source=source)]
    if has_kx and misuse is not None and ytd < threshold.value * misuse.value:
        return [finding(
            "mod.kx-threshold", Severity.WARNING,
            f"{line.code} carries {kx}, but the year-to-date amount ${ytd:,.2f} is far below the {year} threshold of "
            f"{amount}: {kx} without indication that the threshold will be exceeded is misuse.",
            f"Remove {kx} until the year's therapy amount reaches the threshold.",
            Repair(remove=(kx,)), source=f"{source}; misuse heuristic: {misuse.source}")]
    if ytd < threshold.value and not has_kx:
        return [finding(
            "mod.kx-threshold", Severity.INFO,
            f"Year-to-date ${ytd:,.2f} is below the {year} {kx} threshold of {amount}: {kx} is needed only if this "
            "line's allowed amount takes the year over the threshold.",
            f"Append {kx} only if ${ytd:,.2f} plus this line's allowed amount exceeds ${threshold.value:,}.",
            source=source)]
    return []
