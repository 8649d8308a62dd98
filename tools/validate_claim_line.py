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
\
Call it for "will this line be denied?": ONE claim line as a payer judges it: units vs minutes (pooled with \
other_lines), modifiers, KX, who may bill, telehealth, code status, NCCI once imported. For a visit use \
validate_claim. Say valid only when status is clean (incomplete: see not_checked)."""


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
