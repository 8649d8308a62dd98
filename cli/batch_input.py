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

Limits, checked while reading so that memory stays bounded for any input: a record (a line, a CSV record, a
JSON array item, a whole JSON object) holds at most MAX_RECORD_BYTES (1 MiB); a longer line is read no further
than that and skipped, as an error for that record. A CSV record spans at most MAX_RECORD_LINES physical lines: a
quote opened and not closed within them is reported on its line, and reading goes on with the next line (the
rows after it are still checked). A CSV field over the csv module's limit and a stray quote are errors for their
row.
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
MAX_RECORD_BYTES = 1 << 20
MAX_RECORD_LINES = 5
FIELD_LIMIT = csv.field_size_limit()  # the csv module's limit on one cell (131,072 characters by default)
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
    size: int = 0  # the record's size as read, in bytes or characters (bounds the work in flight)


TOO_LONG = Problem("input", f"the record is over the maximum record size of {MAX_RECORD_BYTES:,} bytes; "
                            f"allowed: one claim line of at most {MAX_RECORD_BYTES:,} bytes")


class CountingReader:
    """A binary stream that counts the bytes read from it (for the progress bar)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.bytes_read = 0

    def __iter__(self) -> Iterator[bytes]:
        """The lines; of a line over MAX_RECORD_BYTES only its first MAX_RECORD_BYTES + 1 bytes (the rest is read
        in chunks and dropped), so that a line of any length costs bounded memory."""
        while raw := self.stream.readline(MAX_RECORD_BYTES + 1):
            self.bytes_read += len(raw)
            yield raw  # the rest of a long line stays unread until the next line is asked for (see json_records)
            if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                while (rest := self.stream.readline(CHUNK_BYTES)) and not rest.endswith(b"\n"):
                    self.bytes_read += len(rest)
                self.bytes_read += len(rest)

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
    """``.csv`` files are CSV; otherwise ``[`` opens an array, a whole ``{...}`` line (or one over the record size)
    is JSONL, a lone ``{`` an object spread over lines, anything else a CSV header."""
    text = first_line.strip().lstrip(codecs.BOM_UTF8)
    if name.lower().endswith(".csv"):
        return "csv"
    if text.startswith(b"{") and (text.endswith(b"}") or len(first_line) > MAX_RECORD_BYTES):
        return "jsonl"
    return "json" if text.startswith((b"[", b"{")) else "csv"


def jsonl_records(lines: Iterator[bytes], start: int, parse: bool = True) -> Iterator[Record]:
    number = 0
    for line_number, raw in enumerate(lines, start):
        if raw.isspace() or not raw:
            continue
        number += 1
        if len(raw) > MAX_RECORD_BYTES:
            yield Record(number, line_number, problem=TOO_LONG)
            continue
        record = Record(number, line_number, raw, size=len(raw))
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
    return Record(record.number, record.source_line, value, size=record.size)


def csv_records(lines: Iterator[bytes], start: int) -> Iterator[Record]:
    rows = csv_rows(enumerate(lines, start))
    _, header_row = next(rows)
    if isinstance(header_row, Problem):
        raise UnusableInput(f"the CSV header row cannot be read: {header_row.message}")
    header = [column.strip().lower() for column in header_row]
    unknown = [column for column in header if column not in COLUMNS]
    if unknown or len(set(header)) < len(header):
        bad = unknown[0] if unknown else next(c for c in header if header.count(c) > 1)
        raise UnusableInput(f"CSV column {bad!r} is {'unknown' if unknown else 'repeated'}; "
                            f"allowed columns: {', '.join(COLUMNS)}")
    number = 0
    for line_number, row in rows:
        if isinstance(row, Problem):
            number += 1
            yield Record(number, line_number, problem=row)
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) > len(header):
            problem = Problem.of(RuleInputError("row", f"has {len(row)} cells", f"at most {len(header)}, one a column"))
            yield Record(number, line_number, problem=problem)
        else:
            yield Record(number, line_number, dict(zip(header, row, strict=False)), size=sum(map(len, row)))


def csv_rows(lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, list[str] | Problem]]:
    """Each CSV record with the line it ends on (a problem with the line it starts on): a record is read from at
    most MAX_RECORD_LINES physical lines and MAX_RECORD_BYTES; when a quote stays open past them, the first line
    is reported and reading starts again on the line after it."""
    pending: list[tuple[int, str]] = []
    replay: list[tuple[int, bytes]] = []  # lines read ahead of a record that turned out not to end
    first_line = True
    while True:
        if not pending or quote_open(pending):
            item = replay.pop() if replay else next(lines, None)
            if item is None:
                if pending:
                    yield from csv_unclosed(pending, replay)
                    continue
                return
            number, raw = item
            if len(raw) > MAX_RECORD_BYTES:
                if pending:
                    replay.append(item)
                    yield from csv_unclosed(pending, replay)
                else:
                    yield number, TOO_LONG
                continue
            text = raw.decode("utf-8-sig" if first_line else "utf-8", "replace")
            first_line = False
            if not pending and '"' not in text and len(text) <= FIELD_LIMIT:  # no quote: the cells split on commas
                yield number, text.rstrip("\r\n").split(",")
                continue
            pending.append((number, text))
            if quote_open(pending):
                if len(pending) >= MAX_RECORD_LINES or sum(len(t) for _, t in pending) > MAX_RECORD_BYTES:
                    yield from csv_unclosed(pending, replay)
                continue
        texts = [text for _, text in pending]
        end = pending[-1][0]
        try:
            parsed_rows = list(csv.reader(texts, strict=True))
        except csv.Error as exc:
            pending.clear()
            yield end, Problem("row", f"the CSV record cannot be read ({exc}); allowed: cells separated by commas, "
                                      'a cell with commas, quotes or line breaks in double quotes ("a ""b"" c")')
            continue
        pending.clear()
        if len(parsed_rows) == 1:
            yield end, parsed_rows[0]
        elif parsed_rows:  # quotes inside unquoted cells: an odd count that closed on a later line
            yield end, Problem("row", "a stray double quote joins several lines into one record; allowed: a "
                                      'quote only around a whole cell, doubled inside it ("a ""b"" c")')


def quote_open(pending: list[tuple[int, str]]) -> bool:
    """Whether the lines so far leave a double quote open (an odd count: quotes inside a cell are doubled)."""
    return sum(text.count('"') for _, text in pending) % 2 == 1


def csv_unclosed(pending: list[tuple[int, str]], replay: list[tuple[int, bytes]]) -> Iterator[tuple[int, Problem]]:
    """The first pending line as an error (its quote never closes); the lines after it are read again."""
    first = pending[0][0]
    replay.extend((number, text.encode()) for number, text in reversed(pending[1:]))
    pending.clear()
    yield first, Problem("row", f"a double quote opened on line {first} is not closed within {MAX_RECORD_LINES} "
                                f"lines (a stray quote?); allowed: a quote only around a whole cell, doubled "
                                f'inside it ("a ""b"" c")')


def json_records(first: bytes, reader: CountingReader) -> Iterator[Record]:
    """A JSON document: an object (one input, read whole) or an array (its items, read incrementally)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
    text = decoder.decode(first)
    if text.lstrip().startswith("{"):
        rest = reader.read(MAX_RECORD_BYTES + 1 - len(first))
        if len(first) + len(rest) > MAX_RECORD_BYTES:
            raise UnusableInput(f"the JSON object is over the maximum record size of {MAX_RECORD_BYTES:,} bytes "
                                "(for many inputs use a JSON array or JSONL)")
        document = text + decoder.decode(rest, final=True)
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
        self.last_size = 0  # the characters of the last value

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
                if len(self.buffer) - self.position > MAX_RECORD_BYTES or not self.refill():
                    raise
                continue
            if end < len(self.buffer) or not self.refill():  # a number at the end may go on in the next chunk
                self.position, self.last_size = end, end - self.position
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
            too_long = len(source.buffer) - source.position > MAX_RECORD_BYTES
            why = f"over the maximum record size of {MAX_RECORD_BYTES:,} bytes" if too_long else exc.msg
            raise UnusableInput(f"JSON array item {number + 1} is not valid JSON ({why}); "
                                "the items before it were validated") from None
        number += 1
        yield Record(number, None, value, size=source.last_size)
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
