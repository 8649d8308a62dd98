"""The batch reader of ``cpt97124-mcp validate`` (cli/batch_input.py): formats, columns, row problems."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpt97124_mcp.cli import batch_input
from cpt97124_mcp.cli.batch_input import CountingReader, UnusableInput, arguments_for, read_records
from cpt97124_mcp.rules.errors import RuleInputError

LINE = {"code": "97124", "units": 2, "minutes": 30}


def records(text: str | bytes, input_format: str = "auto", name: str = "-") -> list[tuple[int, Any, Any, Any]]:
    data = text.encode() if isinstance(text, str) else text
    found = read_records(CountingReader(io.BytesIO(data)), input_format, name)
    return [(r.number, r.source_line, r.value, r.problem and r.problem.field) for r in found]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"code": "97124"}\n\n{"code": "97110"}\n', [(1, 1, {"code": "97124"}, None), (2, 3, {"code": "97110"}, None)]),
    ('\n{"line": {"code": "97124"}}', [(1, 2, {"line": {"code": "97124"}}, None)]),
    ('{\n  "code": "97124"\n}\n', [(1, None, {"code": "97124"}, None)]),
    ('[{"code": "97124"}, {"code": "97110"}]',
     [(1, None, {"code": "97124"}, None), (2, None, {"code": "97110"}, None)]),
    ("[\n]", []),
    ("[1, 2.5 ]", [(1, None, 1, None), (2, None, 2.5, None)]),
    ("code,units\n97124,2\n,\n97110,1\n", [(1, 2, {"code": "97124", "units": "2"}, None),
                                          (2, 4, {"code": "97110", "units": "1"}, None)]),
    ("\ufeffCode, Units\n97124,2\n", [(1, 2, {"code": "97124", "units": "2"}, None)]),
    ('\ufeff{"code": "97124"}\n', [(1, 1, {"code": "97124"}, None)]),
    ('code,modifiers\n97124,"GP, KX"\n', [(1, 2, {"code": "97124", "modifiers": "GP, KX"}, None)]),
    ("code\n97124,2\n", [(1, 2, None, "row")]),
    ('{"code": "97124"}\n{"code": 97110\n{"code": "97140"}\n',
     [(1, 1, {"code": "97124"}, None), (2, 2, None, "input"), (3, 3, {"code": "97140"}, None)]),
    (b'{"code": "97124"}\n{"code": "\xff"}\n', [(1, 1, {"code": "97124"}, None), (2, 2, None, "input")]),
])
def test_formats_are_read_in_order_with_their_line_numbers(text: str | bytes, expected: list[Any]) -> None:
    assert records(text) == expected


@pytest.mark.parametrize(("first_line", "name", "expected"), [
    (b'{"code": "97124"}', "x.json", "jsonl"), (b"{", "-", "json"), (b"  [", "-", "json"),
    (b"code,units", "-", "csv"), (b'{"a": 1}', "claims.CSV", "csv"), (b'\xef\xbb\xbf{"a": 1}', "-", "jsonl"),
])
def test_format_detection(first_line: bytes, name: str, expected: str) -> None:
    assert batch_input.detect_format(first_line, name) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"), ("\n \n", "empty"),
    ("code,unit\n97124,2\n", "'unit' is unknown"), ("code,code\n1,2\n", "'code' is repeated"),
    ('[{"code": "97124"}, {"code": }]', "item 2 is not valid JSON"),
    ('[{"code": "97124"} {"code": "97110"}]', "not closed after item 1"),
    ('[{"code": "97124"}', "not closed after item 1"),
    ('{\n "code": \n', "not valid JSON"),
])
def test_unusable_input_is_named(text: str, words: str) -> None:
    with pytest.raises(UnusableInput, match=words):
        records(text)


def test_a_broken_array_keeps_the_items_before_it() -> None:
    found = read_records(CountingReader(io.BytesIO(b'[{"a": 1}, nonsense]')))
    assert next(found).value == {"a": 1}
    with pytest.raises(UnusableInput):
        next(found)


@given(st.lists(st.dictionaries(st.sampled_from(["code", "units", "note"]),
                                st.one_of(st.integers(), st.text(max_size=30), st.none()), max_size=3), max_size=30),
       st.integers(min_value=1, max_value=64))
def test_arrays_are_read_whole_whatever_the_chunk_size(items: list[dict[str, Any]], chunk: int) -> None:
    original = batch_input.CHUNK_BYTES
    batch_input.CHUNK_BYTES = chunk
    try:
        text = json.dumps(items, indent=1, ensure_ascii=False)
        assert [value for _, _, value, _ in records(text)] == items
    finally:
        batch_input.CHUNK_BYTES = original


def test_jsonl_is_read_lazily() -> None:
    class OneLine(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:
            if self.tell():
                raise AssertionError("read past the first input")
            return super().readline(size)

    assert next(read_records(CountingReader(OneLine(b'{"a": 1}\n{"b": 2}\n')))).value == {"a": 1}


@pytest.mark.parametrize(("value", "expected"), [
    ({"line": LINE, "payer": "commercial"}, ({"line": LINE, "payer": "commercial"}, False)),
    ({"code": "97124", "units": "2", "minutes": " 30 ", "modifiers": "gp, KX:59", "payer": "medicare",
      "ytd_therapy_amount": "2410.5", "provider": ""},
     ({"line": {"code": "97124", "units": 2, "minutes": 30, "modifiers": ["gp", "KX", "59"]}, "payer": "medicare",
       "ytd_therapy_amount": 2410.5}, True)),
    ({"code": "97124", "units": 2, "modifiers": ["GP"], "regions": "cervical lumbar", "date_of_service": "2025-03-04"},
     ({"line": {"code": "97124", "units": 2, "modifiers": ["GP"], "regions": ["cervical", "lumbar"]},
       "date_of_service": "2025-03-04"}, True)),
    ({"code": "97124", "modifiers": ""}, ({"line": {"code": "97124"}}, True)),
])
def test_flat_records_become_tool_arguments(value: dict[str, Any], expected: tuple[dict[str, Any], bool]) -> None:
    assert arguments_for(value) == expected


@pytest.mark.parametrize(("value", "field", "words"), [
    ({"code": "97124", "units": "two"}, "units", "'two' is not a whole number"),
    ({"code": "97124", "minutes": "3.5"}, "minutes", "not a whole number"),
    ({"code": "97124", "ytd_therapy_amount": "lots"}, "ytd_therapy_amount", "not an amount"),
    ({"code": "97124", "ytd_amount": "5"}, "ytd_amount", "not a known column"),
    ([1, 2], "input", "not an object"),
    ("97124", "input", "not an object"),
])
def test_bad_cells_name_the_column(value: Any, field: str, words: str) -> None:
    with pytest.raises(RuleInputError, match=words) as caught:
        arguments_for(value)
    assert caught.value.field == field


@pytest.mark.parametrize(("line", "value", "problem"), [
    (b'{"units": 2}\n', {"units": 2}, None),
    (b'\xef\xbb\xbf{"units": 2}\r\n', {"units": 2}, None),
    (b'{"units": 2}\x0c\n', {"units": 2}, None),  # white space JSON does not allow, around the object
    (b'{"units": 2\n', None, "EOF while parsing an object at column 11"),  # cut off: the position is on the line
    (b'  {"units" 2}\n', None, "expected `:` at column 10"),
])
def test_a_jsonl_line_parses_with_its_position_on_the_line(line: bytes, value: Any, problem: str | None) -> None:
    record = batch_input.parsed(batch_input.Record(1, 1, line))
    assert record.value == value
    assert (record.problem is None) if problem is None else (problem in record.problem.message)  # type: ignore[union-attr]
