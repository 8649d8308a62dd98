"""Claim checks for CPT 97124 and the therapy codes billed beside it: what a payer would deny, and why.

``validate_line`` / ``validate_claim`` run every check of the registry (``registry``), each returning
``Finding(rule_id, severity, message, fix, citation)``, and keep the findings whose rule applies to the payer (the
rule catalog). Dated values (KX thresholds, the CQ/CO rate) are parameters (``rules.parameters``). The NCCI PTP and
MUE tables come in as the ``ncci`` argument (``rules.ncci.lookup.NcciLookup``), opened by the caller.
"""

from .model import Claim, ClaimLine, Finding, NotApplied, NotChecked, Repair
from .normalize import LineInput, LineLike
from .validate import ClaimResult, LineReport, LineResult, validate_claim, validate_line

__all__ = ["Claim", "ClaimLine", "ClaimResult", "Finding", "LineInput", "LineLike", "LineReport", "LineResult",
           "NotApplied", "NotChecked", "Repair", "validate_claim", "validate_line"]
