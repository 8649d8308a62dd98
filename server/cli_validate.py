"""``cpt97124-mcp validate FILE|-``: validate_claim_line over a batch, one result per input, in order.

Contract, "Command line". The formats and CSV columns are in ``server/batch_input.py``. ``--json`` prints each
result as the tool's structured output, one JSON object a line (JSONL), and an input that could not be read
as ``{"input", "source_line", "field", "error"}``; the summary then goes to stderr so stdout stays pure JSONL.
Exit codes: 0 no error findings, 1 error findings or unreadable inputs, 2 the input as a whole is unusable.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import IO, Any

from pydantic import ValidationError
from pydantic_core import to_json

from ..rules.errors import RuleInputError
from ..tools.argument_errors import describe_validation_error, field_path
from .batch_input import (
    FORMATS,
    CountingReader,
    Problem,
    Record,
    UnusableInput,
    arguments_for,
    parsed,
    read_records,
)
from .batch_output import JsonLines, Outcome, Progress, Table, Tally

TOOL = "validate_claim_line"
WINDOW = 4096
CHUNK = 512
EPILOG = """\
examples:
  cpt97124-mcp validate claims.csv                 a table, then a summary
  cpt97124-mcp validate claims.jsonl --json > results.jsonl
  cpt97124-mcp validate big.jsonl --json --jobs 1 > results.jsonl     no worker processes
  echo '{"code": "97124", "units": 3, "minutes": 38, "modifiers": "GP"}' | cpt97124-mcp validate -

input: a JSON object, a JSON array, JSONL (one object a line) or CSV with a header row. Each input is the
tool's own arguments ({"line": {...}, "payer": ...}) or a flat record with these columns (CSV header):
  code, units, modifiers, minutes, regions, payer, method, date_of_service, provider, plan_of_care,
  ytd_therapy_amount
modifiers and regions: one field, items separated by spaces, commas or colons ("GP KX", "59:GP"); an empty
cell is null.

exit codes: 0 no error findings, 1 error findings or unreadable inputs, 2 unusable input or bad usage"""

Validate = Callable[[Mapping[str, Any]], dict[str, Any]]  # the tool's answer as JSON-ready data


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate", help="check claim lines from a file (JSON, JSONL or CSV): one result per input",
        description="Run validate_claim_line on every input of FILE (or stdin for -), in order, streaming.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG)
    parser.add_argument("file", metavar="FILE|-", help="the inputs; - reads stdin")
    parser.add_argument("--json", action="store_true", help="print each result as JSON, one a line (JSONL)")
    parser.add_argument("--format", choices=FORMATS, default="auto",
                        help="input format (default auto: .csv files are CSV, otherwise judged by the content)")
    parser.add_argument("--jobs", type=job_count, default=None, metavar="N",
                        help="worker processes that check inputs in parallel (0: one per CPU; 1: none). Default: "
                             "one per CPU for a file, 1 for stdin or a pipe (each result as soon as its input "
                             f"arrives); an input of fewer than {WINDOW} records is checked without workers")
    return parser


def check(record: Record, validate: Validate, allowed_arguments: list[str]) -> Outcome:
    """Validate one input; bad input becomes the outcome's problem, named by field, never an exception."""
    record = parsed(record)
    line: Mapping[str, Any] = {}
    problem = record.problem
    if problem is None:
        flat, line = False, claim_line(record.value)
        try:
            arguments, flat = arguments_for(record.value)
            result = validate(arguments)
        except RuleInputError as exc:
            problem = in_input_terms(exc.field, str(exc), flat)
        except ValidationError as exc:
            field = field_path(tuple(exc.errors(include_url=False)[0]["loc"]))
            problem = in_input_terms(field, describe_validation_error(TOOL, exc, allowed_arguments), flat)
        else:
            return Outcome(record.number, record.source_line, line, to_json(result).decode(), result["valid"],
                           tuple((f["severity"], f["rule_id"], f["message"]) for f in result["findings"]))
    text = json.dumps({"input": record.number, "source_line": record.source_line, "field": problem.field,
                       "error": problem.message})
    return Outcome(record.number, record.source_line, line, text, problem=problem.message)


def claim_line(value: Any) -> Mapping[str, Any]:
    """The claim line of an input as given (for the table), or {} when there is none."""
    line = value.get("line", value) if isinstance(value, Mapping) else None
    return line if isinstance(line, Mapping) else {}


def in_input_terms(field: str, message: str, flat: bool) -> Problem:
    """For a flat record the tool's ``line.units`` is the input's column ``units``."""
    if flat:
        field, message = field.removeprefix("line."), message.removeprefix("line.").replace("'line.", "'")
    return Problem(field, message)


def open_input(name: str) -> tuple[IO[bytes], int | None]:
    """The binary stream to read and its size in bytes when it is a regular file (for the progress bar)."""
    stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115 - closed by run()
    info = os.fstat(stream.fileno())
    return stream, info.st_size if stat.S_ISREG(info.st_mode) else None


def validate_batch(reader: CountingReader, input_format: str, name: str, writer: JsonLines | Table,
                   progress: Progress, jobs: int = 1) -> Tally:
    """Stream every input of ``reader`` through validate_claim_line into ``writer``, in order; ``jobs`` worker
    processes share the checking when above 1. Raises UnusableInput after writing the inputs before the fault."""
    from ..tools.claim_schemas import ValidateClaimLineArgs
    from ..tools.validate_claim_line import validate_line_answer

    checker = functools.partial(check, validate=validate_line_answer,
                                allowed_arguments=list(ValidateClaimLineArgs.model_fields))
    faults: list[UnusableInput] = []
    records = until_unusable(read_records(reader, input_format, name, parse=jobs == 1), faults)
    tally = Tally()
    writer.start()
    for outcome in checked(records, checker, jobs):
        tally.add(outcome)
        writer.outcome(outcome)
        progress.update(reader.bytes_read, tally.inputs)
    if faults:
        raise faults[0]
    if not tally.inputs:
        raise UnusableInput("it holds no inputs")
    return tally


def until_unusable(records: Iterator[Record], faults: list[UnusableInput]) -> Iterator[Record]:
    """``records`` until the input turns unusable; the fault is kept in ``faults`` for after the last result."""
    try:
        yield from records
    except UnusableInput as fault:
        faults.append(fault)


def checked(records: Iterator[Record], checker: Callable[[Record], Outcome], jobs: int) -> Iterator[Outcome]:
    """Each record's outcome, in input order. With several jobs and an input longer than one window, worker
    processes check windows of WINDOW records (in chunks of CHUNK), two windows in flight at a time, so memory
    stays bounded whatever the input's size; JSONL lines reach the workers unparsed, so the parent only reads
    and writes. A shorter input is checked in this process: starting workers would cost more than they save."""
    window = [] if jobs == 1 else list(itertools.islice(records, WINDOW))
    if len(window) < WINDOW:
        yield from map(checker, itertools.chain(window, records))
        return
    with ProcessPoolExecutor(jobs) as pool:
        in_flight: deque[Iterator[Outcome]] = deque()
        while window:
            in_flight.append(pool.map(checker, window, chunksize=CHUNK))
            if len(in_flight) > 1:
                yield from in_flight.popleft()
            window = list(itertools.islice(records, WINDOW))
        while in_flight:
            yield from in_flight.popleft()


def job_count(text: str) -> int:
    """argparse type: worker processes, 1 or more; 0 means one per CPU."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; allowed: 0 (one per CPU) or 1 and up")
    return int(text) or os.cpu_count() or 1


def run(args: argparse.Namespace) -> int:
    try:
        stream, size = open_input(args.file)
    except OSError as exc:
        print(f"cpt97124-mcp validate: argument FILE: cannot read {args.file!r} ({exc.strerror})", file=sys.stderr)
        return 2
    jobs = args.jobs or ((os.cpu_count() or 1) if size is not None else 1)  # default: workers for a file only
    writer = JsonLines(sys.stdout) if args.json else Table(sys.stdout)
    progress = Progress(size, enabled=sys.stderr.isatty())
    try:
        with stream:
            tally = validate_batch(CountingReader(stream), args.format, args.file, writer, progress, jobs)
    except UnusableInput as exc:
        progress.done()
        print(f"cpt97124-mcp validate: {args.file}: {exc}", file=sys.stderr)
        return 2
    progress.done()
    print(("" if args.json else "\n") + tally.summary(), file=sys.stderr if args.json else sys.stdout)
    return tally.exit_code()
