"""The core's frozen values (findings, claim lines, unit counts): each field set once, by the constructor.

A value class lists its fields in ``FIELDS`` (the constructor's parameters, in order: ``tests/test_values.py``
holds every value class to it), sets them in ``__init__`` in one assignment and refuses any later change with its
own two-line ``__setattr__`` that calls ``set_once``. ``==``, ``hash``, ``repr`` and ``replace`` come from
``Value``.

Why not ``NamedTuple`` or a frozen dataclass: the core makes about fifteen values for every claim line it checks,
and in the compiled build (``hatch_build.py``) a class whose ``__init__`` is compiled makes one in about 400
instructions, a NamedTuple in about 3,000 and a frozen dataclass (its ``__init__`` generated, run by the
interpreter) in about 7,000. The setter must be defined in each class itself: inherited, it makes every
assignment in the compiled ``__init__`` go through it.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self


def set_once(value: object, name: str, new: object) -> None:
    """Set a field that has no value yet (the constructor's work, run as plain Python); AttributeError for one
    already set. A compiled value has no ``__dict__``: its constructor sets every field without this, so any later
    change is refused."""
    fields = getattr(value, "__dict__", None)
    if fields is None or name in fields:
        raise AttributeError(f"{type(value).__name__}.{name} cannot be changed: answers are values")
    fields[name] = new


class Value:
    """Equality, hash, repr and ``replace`` over ``FIELDS``."""

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def fields(self) -> tuple[Any, ...]:
        """The values of ``FIELDS``, in order."""
        return tuple([getattr(self, name) for name in self.FIELDS])

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return type(self)(**{**dict(zip(self.FIELDS, self.fields(), strict=True)), **changes})

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.fields() == other.fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self.FIELDS, self.fields(), strict=True))
        return f"{type(self).__name__}({shown})"
