"""Invariants of the unit rules, for any day of timed services (hypothesis)."""

from __future__ import annotations

from math import comb

from hypothesis import given, settings
from hypothesis import strategies as st

from cpt97124_mcp.rules import Service, compute_units
from cpt97124_mcp.rules.codes import add_on_bases, catalog
from cpt97124_mcp.rules.unit_table import units_for_minutes
from cpt97124_mcp.rules.units import count_units

# Base/add-on pairs (97129/97130) re-attribute their minutes (first 15 to the base): their own property below.
PAIRED = {*add_on_bases(), *add_on_bases().values()}
TIMED = sorted(c.code for c in catalog().values() if c.timed and c.code not in PAIRED)

days = st.lists(st.tuples(st.sampled_from(TIMED), st.integers(0, 90)), min_size=1, max_size=8,
                unique_by=lambda s: s[0])


def run(day: list[tuple[str, int]], method: str = "cms"):
    return compute_units([Service(c, m) for c, m in day], method)  # type: ignore[arg-type]


@given(days)
def test_cms_total_is_the_table_of_the_pooled_minutes(day: list[tuple[str, int]]) -> None:
    result = run(day)
    assert result.total_timed_minutes == sum(m for _, m in day)
    assert result.total_timed_units == units_for_minutes(result.total_timed_minutes)


@given(days)
def test_every_cms_allocation_gives_full_blocks_plus_at_most_one_and_sums_to_total(day) -> None:
    result = run(day)
    for lines in [result.lines, *result.alternatives]:
        assert sum(ln.units for ln in lines) == result.total_timed_units
        for ln in lines:
            assert ln.minutes // 15 <= ln.units <= ln.minutes // 15 + 1
            assert not (ln.minutes >= 15 and ln.units == 0)


@given(days)
def test_extra_units_go_to_the_largest_leftovers(day: list[tuple[str, int]]) -> None:
    result = run(day)
    for lines in [result.lines, *result.alternatives]:
        extra = [ln.minutes % 15 for ln in lines if ln.units > ln.minutes // 15]
        none = [ln.minutes % 15 for ln in lines if ln.units == ln.minutes // 15]
        assert not extra or not none or min(extra) >= max(none)


@given(days)
def test_ties_are_listed_completely_and_once(day: list[tuple[str, int]]) -> None:
    result = run(day)
    full = sum(m // 15 for _, m in day)
    extra = result.total_timed_units - full
    leftovers = sorted((m % 15 for _, m in day), reverse=True)
    if extra:
        cutoff = leftovers[extra - 1]
        expected = comb(leftovers.count(cutoff), extra - sum(1 for x in leftovers if x > cutoff))
    else:
        expected = 1
    listed = {tuple(ln.units for ln in lines) for lines in [result.lines, *result.alternatives]}
    assert len(listed) == result.alternatives_total + 1 == expected


@given(days)
def test_ama_is_the_table_per_code(day: list[tuple[str, int]]) -> None:
    result = run(day, "ama")
    assert [ln.units for ln in result.lines] == [units_for_minutes(m) for _, m in day]
    assert result.other_method.total_timed_units == run(day).total_timed_units


@settings(max_examples=50)
@given(days, st.randoms(use_true_random=False))
def test_input_order_changes_only_the_order_of_lines(day: list[tuple[str, int]], rnd) -> None:
    shuffled = day[:]
    rnd.shuffle(shuffled)
    a, b = run(day), run(shuffled)
    assert [ln.code for ln in b.lines] == [c for c, _ in shuffled]
    allowed_a = {frozenset((ln.code, ln.units) for ln in lines) for lines in [a.lines, *a.alternatives]}
    allowed_b = {frozenset((ln.code, ln.units) for ln in lines) for lines in [b.lines, *b.alternatives]}
    assert allowed_a == allowed_b
    assert (a.total_units, a.other_method.total_timed_units) == (b.total_units, b.other_method.total_timed_units)


@given(days, st.sampled_from(["cms", "ama"]))
def test_the_unit_count_is_what_compute_units_shows(day: list[tuple[str, int]], method: str) -> None:
    """count_units (the claim checks' numbers) against compute_units' lines and every listed alternative."""
    full, count = run(day, method), count_units([Service(c, m) for c, m in day], method)  # type: ignore[arg-type]
    assert list(count.first) == [ln.units for ln in full.lines]
    assert count.choice_count == full.alternatives_total + 1
    allocations = [[ln.units for ln in lines] for lines in [full.lines, *full.alternatives]]
    low, high = count.bounds()
    assert next(count.cms.choices()) == count.cms.first  # the allocation shown is the first choice
    if full.alternatives_total == len(full.alternatives):  # every allocation listed: the bounds are theirs
        columns = list(zip(*allocations, strict=True))
        assert (list(low), list(high)) == ([min(c) for c in columns], [max(c) for c in columns])
    assert all(lo <= u <= hi for units in allocations for lo, u, hi in zip(low, units, high, strict=True))


@given(st.lists(st.tuples(st.sampled_from(sorted({*TIMED, *PAIRED})), st.integers(0, 90)), min_size=1, max_size=8),
       st.sampled_from(["cms", "ama"]))
def test_a_base_code_billed_once_per_day_never_takes_two_units(day: list[tuple[str, int]], method: str) -> None:
    """97129 is the first 15 minutes, once per day: never more than 1 unit, in any allocation, under either rule;
    the CMS total is still the table of the pooled minutes."""
    result = run(day, method)
    for lines in [result.lines, *result.alternatives, result.other_method.lines]:
        assert all(ln.units <= 1 for ln in lines if ln.code in add_on_bases().values())
    cms = result if method == "cms" else run(day)
    assert cms.total_timed_units == units_for_minutes(sum(m for _, m in day))
