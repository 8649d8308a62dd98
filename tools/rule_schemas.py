"""Output models of explain_rule and list_rules (contract: "explain_rule / list_rules")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..rules.types import Payer
from .payment_schemas import EstimatePaymentResult
from .schemas import ComputeUnitsResult


class CitationOut(BaseModel):
    source: str = Field(description="The document, e.g. 'CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5'.")
    section: str = Field(description="The section within it, e.g. '§20.2 C'.")
    url: str | None = Field(description="Public address of the document, when there is one.")
    confidence: str = Field(description="primary (CMS/NCCI text), primary (MAC) or secondary (restating source).")


class WorkedExampleOut(BaseModel):
    arguments: dict[str, Any] = Field(description="The arguments of the tool (tool) that reproduce this example.")
    summary: str = Field(description="The example in one sentence.")
    tool: str = Field("compute_units", description="compute_units, or estimate_payment for payment rules.")
    result: ComputeUnitsResult | EstimatePaymentResult = Field(description="That tool's own output.")


class RuleTitle(BaseModel):
    rule_id: str
    title: str


class RuleBrief(RuleTitle):
    summary: str
    applies_to: list[Payer]


class MatchOut(BaseModel):
    score: float = Field(description="Phrase points plus rare-word overlap; higher is closer.")
    confidence: Literal["exact", "high"] = Field(description=(
        "exact: the topic is one of the rule's phrases; high: it contains one. Weaker topics are refused."))


class ExplainRuleResult(BaseModel):
    rule_id: str
    title: str
    summary: str = Field(description="The rule in one sentence.")
    explanation: str = Field(description="The rule in plain words for a coder; says UNVERIFIED where a fact is.")
    citations: list[CitationOut] = Field(description="Where the rule is written: document, section, URL.")
    example: WorkedExampleOut | None = Field(description="A worked example computed by compute_units, or null.")
    related: list[str] = Field(description="Related rule ids.")
    applies_to: list[Payer] = Field(description="Payers the rule applies to.")
    misconceptions: list[str] = Field(description="Common mistakes about this rule, each with the correction.")
    matched_by: Literal["rule_id", "topic"]
    match: MatchOut | None = Field(description="For a topic: how well it named the rule; null for a rule_id.")
    candidates: list[RuleBrief] = Field(description="For a topic: the other rules that matched, best first.")
    notes: list[str]
    data_version: str


class ListRulesResult(BaseModel):
    rules: list[RuleTitle] = Field(description="Every rule id with its title, in catalog order; explain_rule or "
                                           "rules://rule/{rule_id} gives one in full.")
    data_version: str
