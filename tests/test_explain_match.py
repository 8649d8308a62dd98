"""Issue 14: explain_rule says how well a topic matched and refuses weak matches; completions offer rule ids."""

from __future__ import annotations

import pytest
from mcp import Client
from mcp_types import PromptReference, ResourceTemplateReference

from cpt97124_mcp.rules.errors import RuleInputError
from cpt97124_mcp.server.app import build_server
from cpt97124_mcp.tools.explain_rule import DESCRIPTION, explanation

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("topic", "closest"), [
    ("diagnosis pointer", None), ("place of service code", "line.telehealth"), ("massage", "line.myofascial-release")])
def test_a_topic_that_names_no_rule_is_refused_with_the_closest(topic: str, closest: str | None) -> None:
    with pytest.raises(RuleInputError, match="names no rule closely") as refused:
        explanation(None, topic, None)
    said = str(refused.value)
    assert "list_rules" in said
    assert (closest in said) if closest else "closest" not in said  # no rule shares a word: none is offered


@pytest.mark.parametrize(("topic", "rule_id", "confidence"), [
    ("eight minute rule", "units.cms-total-time", "exact"), ("do I need the KX modifier?", "mod.kx-threshold", "high"),
    ("CQ modifier", "mod.assistant-required", "exact"), ("fee schedule amount", "pay.fee-schedule", "exact")])
def test_a_topic_match_reports_score_and_confidence(topic: str, rule_id: str, confidence: str) -> None:
    answer = explanation(None, topic, None)
    assert answer.rule_id == rule_id and answer.match and answer.match.confidence == confidence
    assert answer.match.score > 0 and explanation(rule_id, None, None).match is None


def test_the_description_lists_the_kinds_of_topics() -> None:
    assert all(kind in DESCRIPTION for kind in ("8-minute rule", "modifiers", "providers", "NCCI", "telehealth",
                                                "payment"))


async def test_rule_ids_complete_as_the_user_types() -> None:
    async with Client(build_server()) as client:
        rules = await client.complete(ResourceTemplateReference(uri="rules://rule/{rule_id}"),
                                      {"name": "rule_id", "value": "mod.k"})
        payers = await client.complete(PromptReference(name="check_claim_line"), {"name": "payer", "value": "Med"})
        free = await client.complete(PromptReference(name="check_claim_line"), {"name": "line", "value": "97"})
    assert rules.completion.values == ["mod.kx-threshold"]
    assert payers.completion.values == ["medicare", "medicaid"] and free.completion.values == []
