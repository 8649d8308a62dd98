"""The rule catalog: every rule id the tools emit, in plain words, with the documents and sections it rests on.

Data: ``rules/data/rule_catalog.json`` (sources: ``shared/domain/rules-reference.md``; the CMS manuals are
CMS Pub. 100-04 Ch. 5 and Pub. 100-02 Ch. 15, the NCCI Policy Manual Ch. I and XI). Each citation carries the
confidence of its source (primary, primary (MAC), secondary); unverified facts say UNVERIFIED in the text.

Free-text topics are matched deterministically: text is lower-cased, punctuation dropped, small numbers
spelled out ("8" -> "eight", "8s" -> "eights") and plurals folded, then a rule scores 10 points per token of
each alias phrase found in the topic plus the rarity-weighted overlap of the topic's words with its id,
title, summary and aliases; ties go to the smaller id. Worked examples call ``compute_units``, the one
implementation of the unit arithmetic.

>>> match_topic("rule of 8s")[0], match_topic("Eight-minute rule")[0]
('units.ama-midpoint', 'units.cms-total-time')
>>> worked_example("units.cms-total-time", 38).result.total_units
3
>>> rule("mod.kx-threshold").applies_to, citation("pay.mppr").endswith("§10.7 (multiple procedure payment reduction)")
((<Payer.MEDICARE: 'medicare'>,), True)
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .data_files import load_data
from .errors import RuleInputError
from .limits import MAX_CANDIDATES, MAX_MINUTES
from .types import Method, Payer
from .units import Service, UnitsResult, compute_units, parse_method

if TYPE_CHECKING:
    from .payment import PaymentEstimate

ALIAS_POINTS = 10

_NUMBER_WORDS = dict(enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")))
_STOP_WORDS = frozenset(("a", "an", "and", "are", "be", "can", "do", "doe", "for", "how", "i", "in", "is", "it",
                         "my", "of", "on", "or", "the", "to", "what", "when", "why", "with"))


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    section: str
    url: str | None
    confidence: str


@dataclass(frozen=True, slots=True)
class ExampleSpec:
    """How to build a rule's worked example: ``compute_units(services, method)``."""

    method: Method
    services: tuple[Service, ...]


@dataclass(frozen=True, slots=True)
class PaymentExampleSpec:
    """How to build a payment rule's worked example: ``rules.payment.estimate_payment(lines, date_of_service)``,
    each line ``(code, units, modifiers)``."""

    date_of_service: date
    lines: tuple[tuple[str, int, tuple[str, ...]], ...]


class Rule(NamedTuple):
    """A catalog rule: what it says, its sources, the payers it applies to and how to explain it."""

    id: str
    title: str
    summary: str
    explanation: str
    citations: tuple[Citation, ...]
    applies_to: tuple[Payer, ...]
    example: ExampleSpec | None
    related: tuple[str, ...]
    misconceptions: tuple[str, ...]
    aliases: tuple[str, ...]
    payment_example: PaymentExampleSpec | None = None

    def citation_text(self) -> str:
        """The rule's leading citation (its first, the document the rule rests on) as findings carry it:
        'document, section'. ``explain_rule`` lists every citation."""
        lead = self.citations[0]
        return f"{lead.source}, {lead.section}"


@dataclass(frozen=True, slots=True)
class WorkedExample:
    """A rule's example computed by ``compute_units``: the call made, its result and one sentence."""

    rule_id: str
    method: Method
    services: tuple[Service, ...]
    result: UnitsResult
    summary: str


def _parse_rule(entry: dict[str, Any], sources: dict[str, dict[str, Any]]) -> Rule:
    citations = tuple(Citation(sources[c["ref"]]["source"], c["section"], sources[c["ref"]]["url"],
                               sources[c["ref"]]["confidence"]) for c in entry["citations"])
    spec = entry["example"]
    kind = None if spec is None else spec["kind"]
    if kind not in (None, "compute_units", "estimate_payment"):
        raise ValueError(f"rule {entry['id']}: unknown example kind {kind!r}")
    example = None if kind != "compute_units" else ExampleSpec(
        parse_method(spec["method"]), tuple(Service(s["code"], s.get("minutes")) for s in spec["services"]))
    payment = None if kind != "estimate_payment" else PaymentExampleSpec(
        date.fromisoformat(spec["date_of_service"]),
        tuple((ln["code"], ln["units"], tuple(ln["modifiers"])) for ln in spec["lines"]))
    return Rule(entry["id"], entry["title"], entry["summary"], entry["explanation"], citations,
                tuple(map(Payer, entry["applies_to"])), example, tuple(entry["related"]),
                tuple(entry["misconceptions"]), tuple(entry["aliases"]), payment)


@cache
def _catalog() -> dict[str, Rule]:
    data = load_data("rule_catalog")
    return {entry["id"]: _parse_rule(entry, data["sources"]) for entry in data["rules"]}


def all_rules() -> list[Rule]:
    """Every rule, in catalog order (units, line, session, modifier, provider, NCCI, payment)."""
    return list(_catalog().values())


def applies(rule_id: str, payer: str) -> bool:
    """Whether the rule fires for the payer (a ``Payer`` or its name, ValueError for another; the catalog's
    ``applies_to``: the one home of that fact)."""
    return rule_id in rules_for(Payer(payer))


@cache
def rules_for(payer: Payer) -> frozenset[str]:
    """The ids of the rules that apply to the payer: the catalog's ``applies_to``, indexed by payer once."""
    return frozenset(r.id for r in _catalog().values() if payer in r.applies_to)


class NotPayable(NamedTuple):
    """Rules whose error makes a line unpayable whatever its coding, and the rules whose findings only make sense
    for a payable line (so an answer does not say 'append GP' beside 'Medicare will not pay this line')."""

    rules: frozenset[str]
    payable_line_only: frozenset[str]


@cache
def line_not_payable() -> NotPayable:
    """The catalog's ``line_not_payable`` (data)."""
    data = load_data("rule_catalog")["line_not_payable"]
    return NotPayable(frozenset(data["rules"]), frozenset(data["payable_line_only"]))


def citation(rule_id: str) -> str:
    """The citation text of a finding of this rule (its catalog citations)."""
    return _citations()[rule_id]


@cache
def _citations() -> dict[str, str]:
    """Each rule's citation text, rendered once from the data (strings: nothing an answer could change)."""
    return {rule_id: found.citation_text() for rule_id, found in _catalog().items()}


def closest_ids(unknown_id: str, n: int = 3) -> list[str]:
    """The catalog ids most like ``unknown_id``: ids containing it first, then by difflib ratio; never empty."""
    ids = list(_catalog())
    wanted = unknown_id.strip().lower()
    containing = [i for i in ids if wanted and wanted in i]
    similar = difflib.get_close_matches(wanted, ids, n=n, cutoff=0.4) or difflib.get_close_matches(wanted, ids, n, 0.0)
    return (containing + [i for i in similar if i not in containing])[:n]


def rule(rule_id: str) -> Rule:
    """The rule with this id (case and surrounding space ignored); RuleInputError naming the closest ids."""
    found = _catalog().get(rule_id.strip().lower())
    if found is None:
        raise RuleInputError("rule_id", f"{rule_id[:60]!r} is not a rule id",
                             f"a catalog id; closest: {', '.join(closest_ids(rule_id))} (list_rules lists all)")
    return found


def _token(word: str) -> str:
    number, suffix = re.fullmatch(r"(\d*)([a-z]*)", word).groups()  # type: ignore[union-attr]
    if number and int(number) in _NUMBER_WORDS:
        word = _NUMBER_WORDS[int(number)] + suffix
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def normalize_topic(text: str) -> tuple[str, ...]:
    """Words of ``text`` as matched: lower case, no punctuation, '8'/'8s' as 'eight', plurals folded."""
    text = re.sub(r"['\u2019]", "", text.lower())
    return tuple(_token(word) for word in re.findall(r"\d+[a-z]*|[a-z]+", text))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(words[i:i + len(phrase)] == phrase for i in range(len(words) - len(phrase) + 1))


@cache
def _vocabulary() -> dict[str, frozenset[str]]:
    return {r.id: frozenset(normalize_topic(" ".join((r.id, r.title, r.summary, *r.aliases)))) - _STOP_WORDS
            for r in all_rules()}


@cache
def _rarity() -> dict[str, float]:
    """Inverse document frequency of each word over the rules' vocabularies."""
    counts = Counter(word for words in _vocabulary().values() for word in words)
    return {word: math.log(1 + len(_vocabulary()) / n) for word, n in counts.items()}


def topic_scores(text: str) -> dict[str, float]:
    """Every rule's score for ``text`` (alias phrase hits, then rare-word overlap); 0 for no match."""
    words = normalize_topic(text)
    content = set(words) - _STOP_WORDS
    scores: dict[str, float] = {}
    for r in all_rules():
        alias_points = sum(ALIAS_POINTS * len(p) for p in map(normalize_topic, r.aliases) if p and _contains(words, p))
        overlap = sum(_rarity()[w] for w in content & _vocabulary()[r.id])
        scores[r.id] = round(alias_points + overlap, 6)
    return scores


def match_topic(text: str) -> tuple[str | None, list[str]]:
    """The best rule id for a free-text topic and up to five other candidates, best first (None: no match)."""
    ranked = sorted(((-score, rule_id) for rule_id, score in topic_scores(text).items() if score > 0))
    ids = [rule_id for _, rule_id in ranked]
    return (ids[0], ids[1:1 + MAX_CANDIDATES]) if ids else (None, [])


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """How well a free-text topic named its rule: ``score`` (phrase points plus rare-word overlap) and
    ``confidence``: ``exact`` (the topic is one of the rule's phrases), ``high`` (it contains one). A topic that only
    shares words with a rule ("fee schedule amount", "diagnosis pointer") names none: it is refused."""

    score: float
    confidence: Literal["exact", "high"]


def topic_match(text: str, rule_id: str) -> TopicMatch | None:
    """The match of ``text`` to ``rule_id``, or None when the topic names none of the rule's phrases."""
    words = normalize_topic(text)
    phrases = [p for p in map(normalize_topic, rule(rule_id).aliases) if p and _contains(words, p)]
    if not phrases:
        return None
    content = tuple(w for w in words if w not in _STOP_WORDS)
    exact = any(content == tuple(w for w in p if w not in _STOP_WORDS) for p in phrases)
    return TopicMatch(topic_scores(text)[rule_id], "exact" if exact else "high")


def resolve(rule_id: str | None, topic: str | None) -> tuple[Rule, list[str], TopicMatch | None]:
    """The rule asked for by exactly one of ``rule_id`` or ``topic``, with the other topic candidates and, for a
    topic, how well it matched; a topic that names no rule's phrase is refused with the closest rules."""
    allowed = "exactly one of 'rule_id' (e.g. units.cms-total-time) or 'topic' (free text, e.g. 'eight minute rule')"
    if (rule_id is None) == (topic is None):
        raise RuleInputError("rule_id/topic", "both were given" if rule_id is not None else "neither was given",
                             allowed)
    if rule_id is not None:
        return rule(rule_id), [], None
    text = topic or ""
    best, candidates = match_topic(text)
    match = topic_match(text, best) if best else None
    if best is None or match is None:
        closest = [i for i in (best, *candidates) if i][:3]
        raise RuleInputError("topic", f"{text[:60]!r} names no rule closely" + (
            f" (closest, weakly: {', '.join(closest)})" if closest else ""),
            "a rule's words such as 'eight minute rule', 'KX modifier' or 'myofascial release'; list_rules lists "
            "every rule")
    return rule(best), candidates, match


def _units(n: int, word: str = "unit") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def worked_example(rule_id: str, minutes: int | None = None) -> WorkedExample | None:
    """The rule's example computed by compute_units; ``minutes`` replaces the first service's minutes.

    None when the rule has no unit example.
    """
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise RuleInputError("minutes", f"{minutes} is out of range", f"whole minutes 0 to {MAX_MINUTES}")
    spec = rule(rule_id).example
    if spec is None:
        return None
    first, *rest = spec.services
    services = (Service(first.code, first.minutes if minutes is None else minutes), *rest)
    result = compute_units(services, spec.method)
    listing = ", ".join(f"{ln.code} {ln.minutes} min" if ln.timed else f"{ln.code} (untimed)" for ln in result.lines)
    units = ", ".join(f"{ln.code} x {ln.units}" for ln in result.lines)
    other = result.other_method
    summary = (f"{listing} under {spec.method.upper()}: {_units(result.total_units)} ({units}); "
               f"{other.method.upper()} would give {_units(other.total_timed_units, 'timed unit')}.")
    return WorkedExample(rule(rule_id).id, spec.method, services, result, summary)


class PaymentWorkedExample(NamedTuple):
    """A payment rule's example computed live by ``rules.payment.estimate_payment``, with one sentence."""

    rule_id: str
    spec: PaymentExampleSpec
    result: PaymentEstimate
    summary: str


def payment_example(rule_id: str) -> PaymentWorkedExample | None:
    """The rule's payment example, computed now (None when the rule has none)."""
    from .payment import PaymentLine, estimate_payment  # here: rules.payment imports the claims, which cite rules

    spec = rule(rule_id).payment_example
    if spec is None:
        return None
    result = estimate_payment([PaymentLine(*line) for line in spec.lines], spec.date_of_service)
    listing = ", ".join(f"{code} x{units}" + (f" ({' '.join(mods)})" if mods else "")
                        for code, units, mods in spec.lines)
    pay = result.medicare_payment
    summary = f"{listing} on {spec.date_of_service.isoformat()} ({result.locality_name}): " + (
        f"conversion factor ${result.conversion_factor}; allowed ${result.allowed_total:,.2f} "
        f"(${result.allowed_without_mppr:,.2f} without MPPR); coinsurance ${result.coinsurance:,.2f}; Medicare pays "
        f"${pay.before_sequestration:,.2f}, ${pay.after_sequestration:,.2f} after {pay.sequestration_rate:.0%} "
        "sequestration." if pay and result.allowed_total is not None and result.allowed_without_mppr is not None
        and result.coinsurance is not None else f"status {result.status}.")
    return PaymentWorkedExample(rule_id, spec, result, summary)
