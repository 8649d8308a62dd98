"""The modifier catalog (``rules/data/modifiers.json``): what each modifier does, read once from the data.

Therapy GP/GO/GN name the plan of care's discipline and CQ/CO mark an assistant's service, paired with GP/GO
(CMS Pub. 100-04 Ch. 5 §20.1); GA/GY/GZ are the ABN modifiers (Noridian, GA modifier; NGS, GY); KX confirms
medical necessity above the threshold (§10.3.3); 95/93/GT and places of service 02/10 mark telehealth (CR 12427;
NGS); 59 and XE/XS/XP/XU bypass NCCI edits, the X modifiers preferred
(NCCI Policy Manual Ch. I §E). Each role in the file names its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from ..data_files import load_data
from ..types import Discipline, Provider


@dataclass(frozen=True, slots=True)
class Assistant:
    """An assistant modifier: the therapy modifier it pairs with, the provider it marks, who that is in words and
    the rule id of the pairing."""

    modifier: str
    pairs_with: str
    provider: Provider
    who: str
    pair_rule: str


@dataclass(frozen=True, slots=True)
class Modifiers:
    therapy: Mapping[str, Discipline]  # GP -> pt
    assistants: tuple[Assistant, ...]
    provider_therapy: Mapping[str, str]  # providers whose therapy claims carry a modifier beyond their discipline's
    abn: Mapping[str, str]  # modifier -> what it says
    not_covered: str  # the ABN modifier of a service that is not a Medicare benefit (GY)
    abn_may_combine: frozenset[frozenset[str]]  # ABN modifiers that may share a line (GX with GY)
    active_treatment: str  # AT: chiropractic manipulation as active/corrective treatment
    active_treatment_not_with: tuple[str, ...]  # the denial modifiers AT is never combined with
    kx: str
    telehealth: Mapping[str, str]  # 95/93/GT -> what it says
    telehealth_places: Mapping[str, str]  # POS 02/10 -> what it says
    ncci_bypass: tuple[str, ...]
    x_modifiers: Mapping[str, str]  # XE/XS/XP/XU -> what it says
    ptp_associated: frozenset[str]
    known: frozenset[str]
    sources: Mapping[str, str]  # role -> the document it rests on

    def for_discipline(self, discipline: str) -> str:
        """The therapy modifier of a discipline (pt -> GP)."""
        return next(m for m, d in self.therapy.items() if d == discipline)

    def for_provider(self, provider: str | None) -> str | None:
        """The therapy modifier a provider's claims carry, if the provider points to one (pta -> GP)."""
        if provider is not None and provider in self.therapy.values():
            return self.for_discipline(provider)
        assistant = self.assistant_of(provider)
        return assistant.pairs_with if assistant else self.provider_therapy.get(provider or "")

    @property
    def assistant_modifiers(self) -> tuple[str, ...]:
        """CQ, CO."""
        return tuple(a.modifier for a in self.assistants)

    def assistant_of(self, provider: str | None) -> Assistant | None:
        return next((a for a in self.assistants if a.provider == provider), None)


def _role(data: dict[str, Any], name: str) -> Any:
    """The modifiers of a role, copied out of the loaded file (a list, or a mapping of modifier to meaning)."""
    role = data[name]["modifiers"]
    return dict(role) if isinstance(role, dict) else role


@cache
def modifiers() -> Modifiers:
    """The modifier catalog, parsed once (data, never answers)."""
    data = load_data("modifiers")
    assistants = tuple(Assistant(m, a["pairs_with"], Provider(a["provider"]), a["who"], a["pair_rule"])
                       for m, a in _role(data, "assistant").items())
    therapy = {m: Discipline(d) for m, d in _role(data, "therapy").items()}
    roles = ("therapy", "assistant", "provider_therapy_modifier", "abn", "kx", "telehealth", "ncci_bypass",
             "ptp_associated", "cmt_active_treatment", "other_known")
    bypass, at, telehealth = data["ncci_bypass"], data["cmt_active_treatment"], data["telehealth"]
    known = {*therapy, *(a.modifier for a in assistants), *_role(data, "abn"), data["kx"]["modifier"],
             *_role(data, "telehealth"), *bypass["modifiers"], *_role(data, "ptp_associated"), at["modifier"],
             *_role(data, "other_known")}
    return Modifiers(MappingProxyType(therapy), assistants, MappingProxyType(_role(data, "provider_therapy_modifier")),
                     MappingProxyType(_role(data, "abn")), data["abn"]["not_covered"],
                     frozenset(frozenset(pair) for pair in data["abn"]["may_combine"]), at["modifier"],
                     tuple(at["not_with"]), data["kx"]["modifier"], MappingProxyType(_role(data, "telehealth")),
                     MappingProxyType(dict(telehealth["places_of_service"])), tuple(bypass["modifiers"]),
                     MappingProxyType(dict(bypass["x_modifiers"])),
                     frozenset(_role(data, "ptp_associated")), frozenset(known),
                     MappingProxyType({role: data[role]["source"] for role in roles}))
