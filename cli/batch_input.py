"""The inputs of ``cpt97124-mcp validate``: a JSON object, a JSON array, JSONL or CSV, read as a stream.

Contract, "Command line": ``validate FILE|-`` takes validate_claim_line inputs and answers one result per
input, in order. Each input is either the tool's own arguments (an object with ``line``) or a flat record
with the columns below, one claim line each; CSV has a header row naming some of them, in any order:

    code, units, modifiers, minutes, regions, assistant_minutes, place_of_service -> the line
    payer, method, date_of_service, provider, plan_of_care, ytd_therapy_amount -> the rest of the arguments

``modifiers`` and ``regions`` are one field, the items separated by spaces, commas or colons
(``GP KX``, ``GP,CQ``, ``59:GP``); an empty cell is null. JSONL and CSV are read line by line, a JSON
array item by item, so memory stays constant; a record that cannot be read becomes a ``Record`` with a
``problem`` and the others go on. Input that cannot be read at all raises ``UnusableInput``.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from pydantic_core import from_json

from ..rules.errors import RuleInputError

FORMATS = ("auto", "json", "jsonl", "csv")
LINE_COLUMNS = ("code", "units", "modifiers", "minutes", "regions", "assistant_minutes", "place_of_service")
CLAIM_COLUMNS = ("payer", "method", "date_of_service", "provider", "plan_of_care", "ytd_therapy_amount")
COLUMNS = LINE_COLUMNS + CLAIM_COLUMNS
WHOLE_NUMBER_COLUMNS = frozenset({"units", "minutes", "assistant_minutes"})
LIST_COLUMNS = frozenset({"modifiers", "regions"})
LIST_SEPARATORS = re.compile(r"[\s,:;]+")
CHUNK_BYTES = 1 << 16
MAX_ITEM_CHARS = 1 << 20
NON_SPACE = re.compile(r"\S")
WHOLE_NUMBER = re.compile(r"-?\d+")
JSON_DECODER = json.JSONDecoder()


class UnusableInput(ValueError):
    """The input as a whole cannot be read (exit code 2): unknown CSV column, broken JSON array, nothing in it."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one input could not be checked: the field (or column) and a message naming it and what is allowed."""

    field: str
    message: str

    @classmethod
    def of(cls, error: RuleInputError) -> Problem:
        return cls(error.field, str(error))


class Record(NamedTuple):
    """One input: its position (1-based), the line of the file it ends on (None inside a JSON document),
    and either its value (a parsed JSON value or a CSV row) or the problem that kept it from being read.
    A named tuple: cheap to send to a worker process."""

    number: int
    source_line: int | None
    value: Any = None  # bytes: a JSONL line not parsed yet (read_records(..., parse=False)); see parsed()
    problem: Problem | None = None


class CountingReader:
    """A binary stream that counts the bytes read from it (for the progress bar)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.bytes_read = 0

    def __iter__(self) -> Iterator[bytes]:
        for raw in self.stream:
            self.bytes_read += len(raw)
            yield raw

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.bytes_read += len(data)
        return data


def read_records(reader: CountingReader, input_format: str = "auto", name: str = "-",
                 parse: bool = True) -> Iterator[Record]:
    """Every input of ``reader`` in order; ``input_format`` is one of FORMATS (``auto`` looks at the content).
    With ``parse=False`` a JSONL line is left as bytes for ``parsed()`` (in a worker process, off the reader)."""
    lines = iter(reader)
    first, start = b"", 0
    while not first.strip():
        line, start = next(lines, None), start + 1
        if line is None:
            raise UnusableInput("the input is empty; expected a JSON object, a JSON array, JSONL or CSV")
        first = line
    chosen = detect_format(first, name) if input_format == "auto" else input_format
    rest = itertools.chain([first], lines)
    if chosen == "csv":
        return csv_records(rest, start)
    if chosen == "jsonl":
        return jsonl_records(rest, start, parse)
    return json_records(first, reader)


def detect_format(first_line: bytes, name: str) -> str:
    """``.csv`` files are CSV; otherwise ``[`` opens an array, a whole ``{...}`` line is JSONL, a lone ``{`` an
    object spread over lines, anything else a CSV header."""
    text = first_line.strip().lstrip(codecs.BOM_UTF8)
    if name.lower().endswith(".csv"):
        return "csv"
    if text.startswith(b"{") and text.endswith(b"}"):
        return "jsonl"
    return "json" if text.startswith((b"[", b"{")) else "csv"


def jsonl_records(lines: Iterator[bytes], start: int, parse: bool = True) -> Iterator[Record]:
    number = 0
    for line_number, raw in enumerate(lines, start):
        if raw.isspace() or not raw:
            continue
        number += 1
        record = Record(number, line_number, raw)
        yield parsed(record) if parse else record


def parsed(record: Record) -> Record:
    """The record with its JSONL line parsed (a record already parsed is returned as it is)."""
    if not isinstance(record.value, bytes):
        return record
    raw = record.value
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:  # UTF-8 (RFC 8259 §8.1), a BOM allowed; pydantic-core's parser, twice as fast as json.loads here
        value = from_json(raw)
    except ValueError:
        try:  # without the white space around it, so that an error's position is on the line (line 1)
            value = from_json(raw.strip())
        except ValueError as exc:
            where = str(exc).replace(" at line 1 column", " at column")
            problem = Problem.of(RuleInputError("input", f"not valid JSON ({where})", "one JSON object a line"))
            return Record(record.number, record.source_line, problem=problem)
    return Record(record.number, record.source_line, value)


def csv_records(lines: Iterator[bytes], start: int) -> Iterator[Record]:
    rows = csv.reader(raw.decode("utf-8-sig" if n == 0 else "utf-8", "replace") for n, raw in enumerate(lines))
    header = [column.strip().lower() for column in next(rows)]
    unknown = [column for column in header if column not in COLUMNS]
    if unknown or len(set(header)) < len(header):
        bad = unknown[0] if unknown else next(c for c in header if header.count(c) > 1)
        raise UnusableInput(f"CSV column {bad!r} is {'unknown' if unknown else 'repeated'}; "
                            f"allowed columns: {', '.join(COLUMNS)}")
    number = 0
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        line_number = rows.line_num + start - 1
        if len(row) > len(header):
            problem = Problem.of(RuleInputError("row", f"has {len(row)} cells", f"at most {len(header)}, one a column"))
            yield Record(number, line_number, problem=problem)
        else:
            yield Record(number, line_number, dict(zip(header, row, strict=False)))


def json_records(first: bytes, reader: CountingReader) -> Iterator[Record]:
    """A JSON document: an object (one input, read whole) or an array (its items, read incrementally)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
    text = decoder.decode(first)
    if text.lstrip().startswith("{"):
        document = text + decoder.decode(reader.read(-1), final=True)
        try:
            value = json.loads(document)
        except json.JSONDecodeError as exc:
            raise UnusableInput(f"the JSON object is not valid JSON ({exc.msg} at line {exc.lineno})") from None
        return iter([Record(1, None, value)])

    def more() -> str:
        while data := reader.read(CHUNK_BYTES):
            if chunk := decoder.decode(data):  # '' while a character is split between reads
                return chunk
        return decoder.decode(b"", final=True)

    return array_records(text, more)


class ChunkedText:
    """Text arriving in chunks, read from the front: enough is kept to decode the next JSON value."""

    def __init__(self, text: str, more: Callable[[], str]) -> None:
        self.buffer, self.position, self.more, self.ended = text, 0, more, False

    def refill(self) -> bool:
        chunk = "" if self.ended else self.more()
        self.ended = not chunk
        if chunk:
            self.buffer, self.position = self.buffer[self.position:] + chunk, 0
        return bool(chunk)

    def next_char(self) -> str:
        """The next character that is not white space, not consumed ('' at the end)."""
        while (match := NON_SPACE.search(self.buffer, self.position)) is None:
            self.position = len(self.buffer)
            if not self.refill():
                return ""
        self.position = match.start()
        return match.group()

    def skip(self) -> None:
        self.position += 1

    def value(self) -> Any:
        """The next JSON value, consumed; raises JSONDecodeError when it is not valid JSON."""
        self.next_char()
        while True:
            try:
                value, end = JSON_DECODER.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError:
                if len(self.buffer) - self.position > MAX_ITEM_CHARS or not self.refill():
                    raise
                continue
            if end < len(self.buffer) or not self.refill():  # a number at the end may go on in the next chunk
                self.position = end
                return value


def array_records(text: str, more: Callable[[], str]) -> Iterator[Record]:
    """The items of a JSON array whose text starts with ``text``; ``more()`` gives the next chunk ('' at the end)."""
    source = ChunkedText(text, more)
    source.next_char()
    source.skip()  # the opening '['
    number = 0
    if source.next_char() == "]":
        return
    while True:
        try:
            value = source.value()
        except json.JSONDecodeError as exc:
            raise UnusableInput(f"JSON array item {number + 1} is not valid JSON ({exc.msg}); "
                                "the items before it were validated") from None
        number += 1
        yield Record(number, None, value)
        delimiter = source.next_char()
        if delimiter == "]":
            return
        if delimiter != ",":
            raise UnusableInput(f"the JSON array is not closed after item {number}; expected ',' or ']'")
        source.skip()


def arguments_for(value: Any) -> tuple[dict[str, Any], bool]:
    """validate_claim_line arguments for one input, and whether it was a flat record (COLUMNS) rather than the
    tool's own arguments; raises RuleInputError naming the column when a cell cannot be used."""
    if not isinstance(value, dict):
        raise RuleInputError("input", f"is a JSON {type(value).__name__}, not an object",
                             "an object: the tool's arguments (with 'line') or a record with the columns")
    if "line" in value:
        return value, False
    line: dict[str, Any] = {}
    arguments: dict[str, Any] = {"line": line}
    for column, cell in value.items():
        if column not in COLUMNS:
            raise RuleInputError(str(column), "is not a known column", ", ".join(COLUMNS))
        parsed = parse_cell(column, cell)
        if parsed is None and column == "code":  # a blank code is a mistake, not the default 97124
            raise RuleInputError("code", "is blank", "a code such as 97124 (leave the column out for 97124)")
        if parsed is not None:
            (line if column in LINE_COLUMNS else arguments)[column] = parsed
    return arguments, True


def parse_cell(column: str, cell: Any) -> Any:
    """A CSV cell (or flat JSON value) as the tool expects it: '' is null, lists split, whole numbers parsed."""
    if not isinstance(cell, str):
        return cell
    text = cell.strip()
    if not text:
        return None
    if column in LIST_COLUMNS:
        return [item for item in LIST_SEPARATORS.split(text) if item]
    if column in WHOLE_NUMBER_COLUMNS:
        if not WHOLE_NUMBER.fullmatch(text):
            raise RuleInputError(column, f"{text!r} is not a whole number", "a whole number such as 2, or empty")
        return int(text)
    if column == "ytd_therapy_amount":
        try:
            return float(text)
        except ValueError:
            raise RuleInputError(column, f"{text!r} is not an amount", "dollars such as 1234.56, or empty") from None
    return text
