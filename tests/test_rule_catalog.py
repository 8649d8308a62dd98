"""The rule catalog (rules/catalog.py): complete entries, deterministic topic matching, worked examples that are
compute_units' own numbers, and errors that name the closest ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpt97124_mcp.rules import RuleInputError, Service, compute_units, data_version
from cpt97124_mcp.rules.catalog import (
    all_rules,
    closest_ids,
    match_topic,
    normalize_topic,
    resolve,
    rule,
    worked_example,
)
from cpt97124_mcp.rules.data_files import load_data
from cpt97124_mcp.rules.types import Payer

CONTRACT_IDS = [
    "units.cms-total-time", "units.cms-allocation", "units.ama-midpoint", "units.minimum-minutes",
    "units.untimed-service", "units.documentation", "units.what-counts", "line.code-format", "line.code-known",
    "line.units-vs-minutes", "session.total-timed-units", "line.mue", "line.one-on-one",
    "line.myofascial-release", "mod.therapy-required", "mod.therapy-single", "mod.therapy-matches-plan",
    "mod.cq-with-gp", "mod.co-with-go", "mod.assistant-required", "mod.assistant-not-for-physician",
    "mod.kx-threshold", "mod.ncci-bypass", "mod.abn", "mod.unknown", "provider.massage-therapist",
    "provider.chiropractor", "ncci.cmt-region", "ncci.ptp", "pay.cq-co-reduction", "pay.mppr",
]

TOPICS = [  # (free text, the rule it must land on)
    ("eight minute rule", "units.cms-total-time"),
    ("8 minute rule", "units.cms-total-time"),
    ("8-minute", "units.cms-total-time"),
    ("Eight-Minute Rule?", "units.cms-total-time"),
    ("rule of eights", "units.ama-midpoint"),
    ("rule of 8s", "units.ama-midpoint"),
    ("Rule of 8's", "units.ama-midpoint"),
    ("midpoint", "units.ama-midpoint"),
    ("therapy cap", "mod.kx-threshold"),
    ("KX modifier threshold", "mod.kx-threshold"),
    ("KX", "mod.kx-threshold"),
    ("CQ modifier", "mod.assistant-required"),
    ("CQ without GP", "mod.cq-with-gp"),
    ("myofascial release", "line.myofascial-release"),
    ("Myofascial", "line.myofascial-release"),
    ("MUE", "line.mue"),
    ("group therapy", "line.one-on-one"),
    ("massage therapist", "provider.massage-therapist"),
    ("chiropractor billing massage", "provider.chiropractor"),
    ("59 modifier", "mod.ncci-bypass"),
    ("GP modifier", "mod.therapy-required"),
    ("7 minutes", "units.minimum-minutes"),
    ("hot pack", "line.code-bundled"),  # issue 12: Medicare bundles 97010 (status B)
    ("MPPR", "pay.mppr"),
]


def test_every_contract_id_is_in_the_catalog() -> None:
    assert set(CONTRACT_IDS) <= {r.id for r in all_rules()}


@pytest.mark.parametrize("entry", all_rules(), ids=lambda r: r.id)
def test_entry_is_complete(entry) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"(units|line|session|mod|provider|ncci|pay)\.[a-z0-9]+(-[a-z0-9]+)*", entry.id)
    assert entry.title and entry.explanation and entry.aliases
    assert entry.summary.endswith(".") and entry.summary.count(". ") == 0, "summary is one sentence"
    assert entry.citations and all(c.source and c.section and c.confidence for c in entry.citations)
    assert all(c.url is None or c.url.startswith("http") for c in entry.citations)
    assert entry.applies_to and set(entry.applies_to) <= set(Payer)
    assert entry.id not in entry.related and all(rule(r) for r in entry.related)


def test_ids_are_unique_and_the_catalog_is_versioned() -> None:
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    assert data_version() == load_data("rule_catalog")["version"]  # one short string while the files agree


def test_misconceptions_named_in_the_issue_are_corrected() -> None:
    text = " ".join(rule("units.cms-total-time").misconceptions)
    assert "backwards" in text and "68-72" in text and "68 through 82" in text
    assert any("backwards" in m for m in rule("units.ama-midpoint").misconceptions)


def test_unverified_facts_say_so() -> None:
    for rule_id in ("line.mue", "ncci.ptp", "mod.therapy-required", "mod.assistant-required"):
        assert "UNVERIFIED" in rule(rule_id).explanation, rule_id
    secondary_only = rule("line.myofascial-release").citations
    assert {c.confidence for c in secondary_only} == {"secondary"}
    assert "secondary" in rule("line.myofascial-release").explanation


@pytest.mark.parametrize(("text", "expected"), TOPICS)
def test_topic_lands_on_the_right_rule(text: str, expected: str) -> None:
    best, candidates = match_topic(text)
    assert best == expected
    assert expected not in candidates and len(candidates) <= 5


def test_topic_matching_is_deterministic_and_normalised() -> None:
    assert normalize_topic("Rule of 8's") == normalize_topic("rule of eights") == ("rule", "of", "eight")
    assert normalize_topic("8-minute rule") == normalize_topic("eight minute rules")
    assert match_topic("KX modifier") == match_topic("kx   MODIFIER!")
    assert match_topic("qwertyuiop") == (None, [])


def test_resolve_needs_exactly_one_of_rule_id_and_topic() -> None:
    for rule_id, topic in [(None, None), ("units.cms-total-time", "KX")]:
        with pytest.raises(RuleInputError) as err:
            resolve(rule_id, topic)
        assert "rule_id" in str(err.value) and "topic" in str(err.value)
    with pytest.raises(RuleInputError, match="topic"):
        resolve(None, "zzz qqq")
    assert resolve(" Units.CMS-Total-Time ", None)[0].id == "units.cms-total-time"


@pytest.mark.parametrize(("unknown", "closest"), [
    ("units.cms-total", "units.cms-total-time"),
    ("mod.kx", "mod.kx-threshold"),
    ("units.ama", "units.ama-midpoint"),
    ("line.myofascial", "line.myofascial-release"),
])
def test_unknown_id_names_the_closest_ids(unknown: str, closest: str) -> None:
    assert closest in closest_ids(unknown)
    with pytest.raises(RuleInputError) as err:
        rule(unknown)
    assert err.value.field == "rule_id" and closest in str(err.value)


def test_closest_ids_never_empty() -> None:
    assert len(closest_ids("%%%")) == 3


def test_eight_minute_rule_with_38_minutes_is_3_units() -> None:
    example = worked_example("units.cms-total-time", 38)
    assert example is not None
    assert example.result.total_units == 3 and "3 units" in example.summary


def test_rules_without_a_unit_example_return_none() -> None:
    assert worked_example("mod.kx-threshold", 38) is None
    with pytest.raises(RuleInputError, match="minutes"):
        worked_example("mod.kx-threshold", -1)


@given(minutes=st.integers(0, 600), rule_id=st.sampled_from([r.id for r in all_rules() if r.example]))
def test_worked_example_is_compute_units(minutes: int, rule_id: str) -> None:
    example = worked_example(rule_id, minutes)
    assert example is not None and example.services[0].minutes == minutes
    assert example.result == compute_units(example.services, example.method)


@given(minutes=st.integers(0, 1440))
def test_single_code_example_matches_compute_units(minutes: int) -> None:
    example = worked_example("units.cms-total-time", minutes)
    assert example is not None
    assert example.result.total_units == compute_units([Service("97124", minutes)]).total_units


PAYER_NEUTRAL = {"line.code-known", "line.units-vs-minutes", "units.untimed-service", "session.total-timed-units",
                 "line.one-on-one", "line.myofascial-release", "mod.unknown", "mod.therapy-single"}
MEDICARE_ONLY = {"mod.therapy-required", "mod.therapy-matches-plan", "mod.cq-with-gp", "mod.co-with-go",
                 "mod.assistant-required", "mod.assistant-not-for-physician", "mod.kx-threshold", "mod.ncci-bypass",
                 "mod.abn", "provider.massage-therapist", "provider.aide", "provider.athletic-trainer",
                 "provider.chiropractor", "ncci.cmt-region", "ncci.ptp", "line.mue", "pay.cq-co-reduction", "pay.mppr"}


@pytest.mark.parametrize("rule_id", sorted(PAYER_NEUTRAL | MEDICARE_ONLY))
def test_applies_to_keeps_which_rules_fire_for_which_payer(rule_id: str) -> None:
    """The catalog's applies_to is the one home of the firing table the payer profiles held before issue 11."""
    expected = set(Payer) if rule_id in PAYER_NEUTRAL else {Payer.MEDICARE}
    assert set(rule(rule_id).applies_to) == expected


def test_every_example_is_a_compute_units_or_estimate_payment_call() -> None:
    specs = [entry["example"] for entry in load_data("rule_catalog")["rules"] if entry["example"]]
    assert specs and all(spec["method"] in ("cms", "ama") if spec["kind"] == "compute_units" else
                         spec["kind"] == "estimate_payment" and spec["lines"] for spec in specs)
