"""Evaluations by assistants: a PTA or OTA does not furnish evaluations, re-evaluations or progress reports.

- ``provider.assistant-evaluation``: PTAs "may not provide evaluative or assessment services" (CMS Pub. 100-02
  Ch. 15 §230.1); reports written by assistants are not complete progress reports (§220.3 D); the matching OTA
  sentence of §230.2 was not verified word for word. Which codes are evaluations and re-evaluations is the code
  catalog's ``evaluation`` family. The fix is the therapist's evaluation, never "append CQ/CO": the suggested line
  drops CQ/CO and adds none.
"""

from __future__ import annotations

from ..types import Severity
from .checks_assistants import assistant_share
from .model import Claim, Finding, Repair, finding
from .modifiers import modifiers


def assistant_evaluation(claim: Claim, index: int) -> list[Finding]:
    line = claim.lines[index]
    if not line.is_family("evaluation"):
        return []
    furnished = assistant_share(claim, index)
    present = line.present(modifiers().assistant_modifiers)
    if not present and (furnished is None or not furnished.share):
        return []
    who = (furnished.assistant.who if furnished else
           next(a.who for a in modifiers().assistants if a.modifier == present[0]))
    shown = f" (the line carries {' and '.join(present)})" if present else ""
    return [finding(
        "provider.assistant-evaluation", Severity.ERROR,
        f"{line.code} is an evaluation or re-evaluation furnished in whole or in part by a {who}{shown}: assistants "
        "may not furnish evaluations, re-evaluations or progress reports (they may not make clinical judgments), so "
        "Medicare does not pay an assistant's evaluation, with or without "
        f"{'/'.join(modifiers().assistant_modifiers)}.",
        "Have the supervising therapist furnish (and bill) the evaluation, without "
        f"{'/'.join(modifiers().assistant_modifiers)}; do not bill an evaluation the assistant furnished.",
        Repair(remove=present) if present else None)]
