"""compute_units in the core: AMA cases, merging, untimed codes, notes, steps and input errors."""

from __future__ import annotations

import pytest

from cpt97124_mcp.rules import RuleInputError, Service, compute_units

from conftest import allocations

# (services, method, expected units per code, expected other-method total). Sources: WebPT help
# (10 + 10 minutes: AMA 2, CMS 1); the reference's derived illustrations of CMS Examples 3-5 under AMA.
METHOD_CASES = [
    ([("97110", 10), ("97116", 10)], "ama", {"97110": 1, "97116": 1}, 1),
    ([("97110", 10), ("97116", 10)], "cms", {"97110": 1, "97116": 0}, 2),
    ([("97124", 10), ("97110", 10)], "cms", {"97124": 1, "97110": 0}, 2),
    ([("97112", 7), ("97110", 7), ("97140", 7)], "ama", {"97112": 0, "97110": 0, "97140": 0}, 1),
    ([("97110", 18), ("97140", 13), ("97116", 10), ("97035", 8)], "ama",
     {"97110": 1, "97140": 1, "97116": 1, "97035": 1}, 3),
    ([("97110", 33), ("97140", 7)], "ama", {"97110": 2, "97140": 0}, 3),
    ([("97124", 38)], "ama", {"97124": 3}, 3),
]


@pytest.mark.parametrize(("services", "method", "expected", "other_total"), METHOD_CASES)
def test_methods_side_by_side(services: list[tuple[str, int]], method: str, expected: dict[str, int],
                              other_total: int) -> None:
    result = compute_units([Service(c, m) for c, m in services], method)  # type: ignore[arg-type]
    assert allocations(result.lines) == expected
    assert result.method == method
    assert result.other_method.method != method
    assert result.other_method.total_timed_units == other_total


def test_cms_ten_and_ten_is_a_tie_with_both_choices() -> None:
    result = compute_units([Service("97124", 10), Service("97110", 10)])
    assert [allocations(alt) for alt in result.alternatives] == [{"97124": 0, "97110": 1}]
    assert any(note.startswith("Tie:") for note in result.notes)


def test_repeated_code_is_merged_with_a_note() -> None:
    result = compute_units([Service("97124", 10), Service("97110", 20), Service(" 97124 ", 5)])
    assert [(ln.code, ln.minutes) for ln in result.lines] == [("97124", 15), ("97110", 20)]
    assert any("97124 was listed 2 times" in note and "10 + 5 = 15" in note for note in result.notes)


def test_untimed_code_is_one_unit_and_its_minutes_are_not_pooled() -> None:
    result = compute_units([Service("97124", 20), Service("97010", 15), Service("97161", 45)])
    assert allocations(result.lines) == {"97124": 1, "97010": 1, "97161": 1}
    assert result.total_timed_minutes == 20
    assert result.total_units == 3
    assert "units.untimed-service" in result.rule_ids
    assert "total treatment time 80 minutes" in result.steps[-1]


def test_under_eight_minutes_total_gives_no_unit_and_says_so() -> None:
    result = compute_units([Service("97124", 4), Service("97110", 3)])
    assert result.total_units == 0
    assert "units.minimum-minutes" in result.rule_ids
    assert any("under 8" in note for note in result.notes)


def test_eight_minutes_that_get_no_unit_are_noted() -> None:
    result = compute_units([Service("97110", 18), Service("97140", 13), Service("97116", 10), Service("97035", 8)])
    assert any(note.startswith("97035 (8 min) gets no unit") for note in result.notes)


def test_unknown_code_is_assumed_timed_unless_told() -> None:
    assumed = compute_units([Service("97799", 20)])
    told = compute_units([Service("97799", 20, timed=False)])
    assert (assumed.lines[0].timed, assumed.lines[0].units) == (True, 1)
    assert (told.lines[0].timed, told.lines[0].units) == (False, 1)
    assert "line.code-known" in assumed.rule_ids


def test_steps_quote_the_table_and_the_allocation() -> None:
    steps = compute_units([Service("97110", 33), Service("97140", 7)]).steps
    assert "total timed minutes = 40" in steps[0]
    assert "38-52 minutes = 3 units" in steps[1]
    assert "97110 2 full units (3 min left)" in steps[2]
    assert "97140 7 min, 97110 3 min" in steps[3]
    assert steps[4] == "Timed units: 97110 x 2, 97140 x 1 = 3."


def test_hundreds_of_tied_allocations_are_counted_and_capped() -> None:
    result = compute_units([Service(f"9711{i}", 7, timed=True) for i in range(10)]
                           + [Service(f"9712{i}", 7, timed=True) for i in range(10)])
    # 140 pooled minutes = 9 units among 20 codes of 7 minutes: C(20, 9) allocations.
    assert result.alternatives_total == 167960 - 1
    assert len(result.alternatives) == 100


@pytest.mark.parametrize(("services", "method", "field"), [
    ([], "cms", "services"),
    ([Service("97124", 5)] * 51, "cms", "services"),
    ([Service("9712", 5)], "cms", "services[0].code"),
    ([Service("97124X", 5)], "cms", "services[0].code"),
    ([Service("97124", -1)], "cms", "services[0].minutes"),
    ([Service("97124", 1441)], "cms", "services[0].minutes"),
    ([Service("97124", 800), Service("97110", 800)], "cms", "services"),
    ([Service("97124")], "cms", "services[0].minutes"),
    ([Service("97124", 10)], "medicare", "method"),
    ([Service("97799", 10, timed=True), Service("97799", 10, timed=False)], "cms", "services[1].timed"),
    ([Service("97124", "38")], "cms", "services[0].minutes"),  # type: ignore[arg-type]  # a library caller's str
    ([Service("97124", True)], "cms", "services[0].minutes"),
    ([Service("97124", 38, "yes")], "cms", "services[0].timed"),  # type: ignore[arg-type]
])
def test_bad_input_names_the_field(services: list[Service], method: str, field: str) -> None:
    with pytest.raises(RuleInputError) as raised:
        compute_units(services, method)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert raised.value.allowed
