"""The validate_claim_line tool: a thin adapter over ``rules.claims.validate_line``.

``check_line`` is the one code path: the MCP tool calls it with the arguments the SDK has validated, and the
batch CLI (``cpt97124-mcp validate``) with each input validated against ``ValidateClaimLineArgs`` (same types,
same strictness).
"""

from __future__ import annotations

from ..rules.claims import validate_line
from ..rules.ncci import NcciTables
from ..rules.ncci.store import open_tables
from ..rules.types import Payer
from .claim_schemas import (
    ApplyRulesArg,
    ClaimLineInput,
    DateArg,
    MethodArg,
    OtherLinesArg,
    PayerArg,
    PlaceArg,
    PlanArg,
    ProviderArg,
    ValidateClaimLineArgs,
    ValidateClaimLineResult,
    YtdArg,
)

TITLE = "Validate a claim line (what a payer would deny, and why)"
DESCRIPTION = """\
Checks ONE claim line of CPT 97124 (or another therapy code) before submission and says what a payer \
would deny and why: units against the documented minutes (for Medicare, the day's pooled minutes across \
other_lines, e.g. 10 min of 97124 + 10 min of 97110 support 1 unit, not 1 + 1), GP/GO/GN, CQ/CO and \
assistants, KX against the threshold of the date of service's year, 59/X modifiers, GA/GY/GZ, who may \
bill (massage therapists, aides, athletic trainers, chiropractors), manipulation in the same spinal region, \
and the NCCI PTP/MUE tables if the user imported them. Call it when someone asks "will this line be \
denied?", "is 97124 x2 with GP OK?", "do I need KX?". Give the other lines of the same patient and date in \
other_lines. Each finding has a rule id, severity, a fix and a citation; suggested_line applies the \
mechanical fixes. status is clean (every applicable check ran, no error), errors, or incomplete (a check could \
not run: not_checked says which and how to run it; never call an incomplete line valid). Give provider, \
assistant_minutes and place_of_service per line where they differ (a PT evaluation and a PTA treatment the same \
day). For medicaid/commercial, not_applied lists the Medicare/NCCI rules not applied; apply_rules applies them. \
For a whole visit with several lines, prefer validate_claim."""


def check_line(args: ValidateClaimLineArgs, ncci: NcciTables | None) -> ValidateClaimLineResult:
    """The tool's answer for validated arguments, ``ncci`` being the imported tables (None: not imported). The MCP
    tool and the batch CLI both answer with it. Raises RuleInputError for a value the rules cannot use."""
    result = validate_line(args.line, args.other_lines, payer=args.payer, method=args.method,
                           date_of_service=args.date_of_service, provider=args.provider,
                           plan_of_care=args.plan_of_care, ytd_therapy_amount=args.ytd_therapy_amount, ncci=ncci,
                           place_of_service=args.place_of_service, apply_rules=args.apply_rules)
    return ValidateClaimLineResult.model_validate(result, from_attributes=True)


async def validate_claim_line(
    line: ClaimLineInput,
    payer: PayerArg = Payer.MEDICARE,
    method: MethodArg = None,
    date_of_service: DateArg = None,
    other_lines: OtherLinesArg = [],  # noqa: B006 - pydantic copies defaults; the schema shows []
    provider: ProviderArg = None,
    plan_of_care: PlanArg = None,
    ytd_therapy_amount: YtdArg = None,
    place_of_service: PlaceArg = None,
    apply_rules: ApplyRulesArg = None,
) -> ValidateClaimLineResult:
    # The SDK has validated the arguments against the same types (tools/claim_schemas.py): no second pass.
    args = ValidateClaimLineArgs.model_construct(
        line=line, payer=payer, method=method, date_of_service=date_of_service, other_lines=other_lines,
        provider=provider, plan_of_care=plan_of_care, ytd_therapy_amount=ytd_therapy_amount,
        place_of_service=place_of_service, apply_rules=apply_rules)
    return check_line(args, open_tables())
