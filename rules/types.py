"""The named values every layer shares, defined once: payer, unit method, severity, status, provider,
rule set, discipline.

The core, the tool schemas, the command line and the tests import them from here. Each is a ``StrEnum``: a
member equals its string (``Payer.MEDICARE == "medicare"``), serialises as it, and pydantic publishes the
members as the schema's ``enum``.

>>> Payer("medicare") is Payer.MEDICARE, [m.value for m in Method]
(True, ['cms', 'ama'])
"""

from __future__ import annotations

from enum import StrEnum


class Named(StrEnum):
    """A StrEnum that reads its values in any case and with surrounding space (``"Medicare"``, ``" AMA "``): the
    contract's enum values are case-insensitive everywhere. Only strings: ``True`` is no member."""

    @classmethod
    def _missing_(cls, value: object) -> Named | None:
        if isinstance(value, str):
            folded = value.strip().lower()
            return next((member for member in cls if member.value == folded), None)
        return None


class Payer(Named):
    """Who the claim goes to; picks the unit method and the rules that apply (the rule catalog's ``applies_to``)."""

    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"


class Method(Named):
    """How minutes become units: ``cms`` (CMS Pub. 100-04 Ch. 5 §20.2, the day's pooled minutes) or ``ama``
    (the CPT midpoint rule, per code)."""

    CMS = "cms"
    AMA = "ama"


class Severity(Named):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Status(Named):
    """A validation answer: ``clean`` (every applicable check ran, no error), ``errors`` (an error finding) or
    ``incomplete`` (no error, but a check that applies could not run)."""

    CLEAN = "clean"
    ERRORS = "errors"
    INCOMPLETE = "incomplete"


class Provider(Named):
    """Who furnished or billed the service."""

    PT = "pt"
    PTA = "pta"
    OT = "ot"
    OTA = "ota"
    SLP = "slp"
    PHYSICIAN = "physician"
    NPP = "npp"
    CHIROPRACTOR = "chiropractor"
    MASSAGE_THERAPIST = "massage_therapist"
    ATHLETIC_TRAINER = "athletic_trainer"
    AIDE = "aide"


class RuleSet(Named):
    """Rules a non-Medicare plan may follow (``apply_rules``): every Medicare rule, or the NCCI edits only."""

    MEDICARE = "medicare"
    NCCI = "ncci"


class Discipline(Named):
    """A therapy discipline: the plan of care's, and a discipline-specific code's (GP, GO, GN)."""

    PT = "pt"
    OT = "ot"
    SLP = "slp"
