"""Claim checks for CPT 97124 and the therapy codes billed beside it: what a payer would deny, and why.

``validate_line`` / ``validate_claim`` run every check of the payer's profile (``profiles``), each returning
``Finding(rule_id, severity, message, fix, citation)``. Dated values (KX thresholds, the CQ/CO 85%) are read
in one place, ``dated``. The NCCI PTP and MUE tables come from the user's import (``rules.ncci``).
"""

from .model import Claim, ClaimLine, Finding, Repair
from .normalize import LineInput, LineLike
from .validate import ClaimResult, LineReport, LineResult, validate_claim, validate_line

__all__ = ["Claim", "ClaimLine", "ClaimResult", "Finding", "LineInput", "LineLike", "LineReport", "LineResult",
           "Repair", "validate_claim", "validate_line"]
