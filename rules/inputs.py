"""What a library caller passes in: plain values, checked and normalised by the rules (``units``, ``claims``).

These types are never compiled (``hatch_build.py`` compiles the rules core, not this module): a compiled class would
refuse a value of the wrong type with a bare ``TypeError`` before the rules could say which field is wrong and what
is allowed (``RuleInputError``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class ServiceLike(Protocol):
    """A service as the caller gave it: ``Service``, or the tool's argument model. Each field is read as given, of
    any type: ``units._merge`` checks it and names the field when it is wrong."""

    @property
    def code(self) -> object: ...
    @property
    def minutes(self) -> object: ...
    @property
    def timed(self) -> object: ...
    @property
    def discipline(self) -> object: ...


@dataclass(frozen=True, slots=True)
class Service:
    """One code performed on the date of service. ``timed`` overrides the catalog (needed for codes it lacks)."""

    code: str = "97124"
    minutes: int | None = None
    timed: bool | None = None
    discipline: str | None = None  # pt, ot, slp: the plan of care whose minutes this service joins (None: one pool)


@dataclass(frozen=True, slots=True)
class LineInput:
    """A claim line as the caller gave it (before normalisation)."""

    code: str = "97124"
    units: int = 1
    modifiers: Sequence[str] = ()
    minutes: int | None = None
    regions: Sequence[str] | None = None
    provider: str | None = None
    assistant_minutes: int | None = None
    place_of_service: str | None = None
