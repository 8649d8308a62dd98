"""The 15-minute unit table (CMS Pub. 100-04 Ch. 5 §20.2 C; the same bands per code under CPT's midpoint rule).

Units: 1 for 8-22 minutes, 2 for 23-37, 3 for 38-52, ... "The pattern remains the same for treatment times
in excess of 2 hours." Closed form: 0 below 8 minutes, else floor((minutes + 7) / 15).

>>> units_for_minutes(7), units_for_minutes(8), units_for_minutes(22), units_for_minutes(23)
(0, 1, 1, 2)
>>> minutes_band(3)
(38, 52)
"""

from __future__ import annotations

MINIMUM_MINUTES = 8
UNIT_MINUTES = 15


def units_for_minutes(minutes: int) -> int:
    """Timed units that ``minutes`` of 15-minute services support (CMS §20.2 C table; CPT midpoint)."""
    if minutes < MINIMUM_MINUTES:
        return 0
    return (minutes + 7) // UNIT_MINUTES


def minutes_band(units: int) -> tuple[int, int]:
    """The inclusive minute range that yields exactly ``units`` units (``units`` >= 1)."""
    if units < 1:
        return (0, MINIMUM_MINUTES - 1)
    return (UNIT_MINUTES * units - 7, UNIT_MINUTES * units + 7)


def plural(n: int, word: str = "unit") -> str:
    """``1 unit``, ``2 units``: how every answer counts."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def band_text(minutes: int) -> str:
    """A coder's phrase for where ``minutes`` falls in the table, e.g. '38-52 minutes = 3 units'."""
    units = units_for_minutes(minutes)
    low, high = minutes_band(units)
    if units == 0:
        return f"under {MINIMUM_MINUTES} minutes = 0 units"
    return f"{low}-{high} minutes = {plural(units)}"


def unit_table(max_units: int = 8) -> list[dict[str, int]]:
    """Rows of the table, ``{units, from_minutes, to_minutes}``, for display and resources."""
    return [{"units": u, "from_minutes": minutes_band(u)[0], "to_minutes": minutes_band(u)[1]}
            for u in range(1, max_units + 1)]
