"""From caller input to a normalised ClaimLine: codes trimmed and upper-cased, modifiers normalised
(case, surrounding space, duplicates: contract, "Errors"), regions lower-cased. Bad input raises
``RuleInputError`` naming the field, the value and what is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeVar

from ..codes import normalize_code
from ..errors import RuleInputError
from ..inputs import LineInput as LineInput  # what a library caller passes in (not compiled)
from ..limits import MAX_LINES, MAX_MINUTES, MAX_MODIFIERS, MAX_UNITS, MAX_YTD_AMOUNT
from ..types import Discipline, Provider, RuleSet
from .model import ClaimLine
from .ncci_policy import policy, region_named

Named = TypeVar("Named", bound=StrEnum)


class LineLike(Protocol):
    """A claim line as the caller gave it (before normalisation): ``LineInput``, or the tools' argument model. Each
    field is read as given, of any type: ``normalize_line`` checks it and names the field when it is wrong."""

    @property
    def code(self) -> object: ...
    @property
    def units(self) -> object: ...
    @property
    def modifiers(self) -> Sequence[object]: ...
    @property
    def minutes(self) -> object: ...
    @property
    def regions(self) -> Sequence[object] | None: ...
    @property
    def provider(self) -> object: ...
    @property
    def assistant_minutes(self) -> object: ...
    @property
    def place_of_service(self) -> object: ...


def normalize_modifiers(raw: Sequence[object], field: str) -> tuple[str, ...]:
    """Upper-case, trimmed, a leading hyphen dropped, blanks dropped, duplicates removed (first kept), order kept."""
    if len(raw) > MAX_MODIFIERS:
        raise RuleInputError(field, f"{len(raw)} modifiers given", f"at most {MAX_MODIFIERS} per line")
    given: list[str] = []
    for i, modifier in enumerate(raw):
        if not isinstance(modifier, str):
            raise RuleInputError(f"{field}[{i}]", f"expected a string, got {type(modifier).__name__}",
                                 "a modifier such as 'GP'")
        given.append(modifier)
    normal = tuple(m.strip().lstrip("-").strip().upper() for m in given)  # "-59" is 59
    return normal if all(normal) and len(set(normal)) == len(normal) else tuple(dict.fromkeys(filter(None, normal)))


def normalize_regions(raw: Sequence[object], field: str) -> tuple[str, ...]:
    """Each region as the catalog names it (coders' words such as 'neck' or 'low back' mapped by the data);
    RuleInputError naming an unknown one, with the list."""
    regions = []
    for i, word in enumerate(raw):
        region = region_named(word) if isinstance(word, str) else None
        if region is None:
            policy_ = policy()
            raise RuleInputError(f"{field}[{i}]", f"{str(word)[:40]!r} is not a body region",
                                 f"{', '.join((*policy_.spinal, *policy_.other))}, or words such as "
                                 f"{', '.join(list(policy_.region_words)[:6])}")
        regions.append(region)
    return tuple(dict.fromkeys(regions))


def normalize_line(raw: LineLike, field: str) -> ClaimLine:
    code = normalize_code(raw.code, f"{field}.code")
    units, minutes, regions = raw.units, raw.minutes, raw.regions
    if type(units) is not int or not 0 <= units <= MAX_UNITS:  # an int, not a bool; 0: minutes join the day
        raise RuleInputError(f"{field}.units", f"{units!r} units", f"a whole number from 0 to {MAX_UNITS}")
    if minutes is not None and (type(minutes) is not int or not 0 <= minutes <= MAX_MINUTES):
        raise RuleInputError(f"{field}.minutes", f"{minutes!r} minutes", f"whole minutes 0 to {MAX_MINUTES}")
    if regions is not None:
        regions = normalize_regions(regions, f"{field}.regions")
    assistant = raw.assistant_minutes
    if assistant is not None and (type(assistant) is not int or not 0 <= assistant <= (minutes or MAX_MINUTES)):
        most = minutes if minutes is not None else MAX_MINUTES
        raise RuleInputError(f"{field}.assistant_minutes", f"{assistant!r} minutes",
                             f"whole minutes 0 to the line's minutes ({most})")
    return ClaimLine(code, units, normalize_modifiers(raw.modifiers, f"{field}.modifiers"), minutes, regions,
                     parse_named(Provider, raw.provider, f"{field}.provider", "a provider type"), assistant,
                     parse_place(raw.place_of_service, f"{field}.place_of_service"))


def parse_place(raw: object, field: str = "place_of_service") -> str | None:
    """A place-of-service code: two digits (``02``, ``10``, ``11``)."""
    if raw is None:
        return None
    text = raw.strip() if isinstance(raw, str) else ""
    if not (len(text) == 2 and text.isdigit()):
        raise RuleInputError(field, f"{str(raw)[:20]!r} is not a place of service", "two digits, e.g. '11' or '10'")
    return text


def parse_rule_sets(raw: Sequence[str] | None) -> frozenset[RuleSet]:
    """The rule sets a non-Medicare plan follows (``apply_rules``)."""
    found = (parse_named(RuleSet, r, f"apply_rules[{i}]", "a rule set") for i, r in enumerate(raw or ()))
    return frozenset(r for r in found if r is not None)


def check_day_minutes(lines: Sequence[ClaimLine], field: str) -> None:
    """The minutes of one date of service cannot exceed one day."""
    total = sum(line.minutes or 0 for line in lines)
    if total > MAX_MINUTES:
        raise RuleInputError(field, f"the lines' minutes add up to {total}", f"at most {MAX_MINUTES} in one day")


def check_line_count(count: int, field: str) -> None:
    if count > MAX_LINES:
        raise RuleInputError(field, f"{count} lines given", f"at most {MAX_LINES} lines for one date of service")


def check_lines_given(count: int, field: str) -> None:
    if not count:
        raise RuleInputError(field, "no lines given", f"1 to {MAX_LINES} claim lines")
    check_line_count(count, field)


def parse_date(raw: str | date | None, today: date | None = None) -> date:
    """An ISO date (``2025-03-14``); None means today."""
    if raw is None:
        return today or date.today()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(raw.strip())
    except (ValueError, AttributeError):
        raise RuleInputError("date_of_service", f"{str(raw)[:20]!r} is not a date",
                             "an ISO date such as 2025-03-14, or null for today") from None


def parse_named(kind: type[Named], raw: object, field: str, what: str) -> Named | None:
    """``raw`` as a member of ``kind`` (None stays None); RuleInputError listing the members otherwise."""
    if raw is None:
        return None
    try:
        return kind(raw)  # type: ignore[arg-type]  # any value: a member's value, or the error below
    except ValueError:
        raise RuleInputError(field, f"{str(raw)[:20]!r} is not {what}", ", ".join(kind)) from None


def parse_provider(raw: str | None) -> Provider | None:
    return parse_named(Provider, raw, "provider", "a provider type")


def parse_plan(raw: str | None) -> Discipline | None:
    return parse_named(Discipline, raw, "plan_of_care", "a discipline")


def parse_ytd(raw: float | None) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= MAX_YTD_AMOUNT:
        raise RuleInputError("ytd_therapy_amount", f"{raw!r}", f"a dollar amount from 0 to {MAX_YTD_AMOUNT:,}, or null")
    return float(raw)
