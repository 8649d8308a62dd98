"""``cpt97124-mcp validate FILE|-``: validate_claim_line over a batch, one result per input, in order.

Contract, "Command line". The formats and CSV columns are in ``cli/batch_input.py``. ``--json`` prints each
result as the tool's structured output, one JSON object a line (JSONL), and an input that could not be read
as ``{"input", "source_line", "field", "error"}``; the summary then goes to stderr so stdout stays pure JSONL.
Exit codes: 0 every result clean, 1 error findings or unreadable inputs, 2 the input as a whole is unusable, 3 done
with no error findings but some results incomplete (a check that applies could not run: NCCI tables not imported,
no threshold for the year, a code the catalog lacks), 4 aborted: results incomplete (a worker died, the NCCI store
failed, the output could not be written, an unexpected error), with one line saying how many inputs were checked
and written.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

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
from .batch_output import Block, CurrentStdout, JsonLines, Outcome, Progress, Table, Tally, Writer

if TYPE_CHECKING:
    from ..rules.ncci import NcciTables
    from ..tools.claim_schemas import ValidateClaimLineResult

TOOL = "validate_claim_line"
WINDOW = 4096  # an input with fewer records (and fewer than WINDOW_BYTES) is checked without worker processes
WINDOW_BYTES = 16 << 20
BLOCK = 256  # records a worker checks and renders at a time (at most BLOCK_BYTES of input)
BLOCK_BYTES = 4 << 20
IN_FLIGHT = 3  # blocks queued per worker: enough to keep each busy, few enough to bound memory
WORKER_CHECK_S = 1.0  # while waiting for a block, how often the parent checks that its workers are alive
EPILOG = """\
examples:
  cpt97124-mcp validate claims.csv                 a table, then a summary
  cpt97124-mcp validate claims.jsonl --json > results.jsonl
  cpt97124-mcp validate big.jsonl --json --jobs 1 > results.jsonl     no worker processes
  echo '{"code": "97124", "units": 3, "minutes": 38, "modifiers": "GP"}' | cpt97124-mcp validate -

input: a JSON object, a JSON array, JSONL (one object a line) or CSV with a header row. Each input is the
tool's own arguments ({"line": {...}, "payer": ...}) or a flat record with these columns (CSV header):
  code, units, modifiers, minutes, regions, assistant_minutes, place_of_service, payer, method, date_of_service,
  provider, plan_of_care, ytd_therapy_amount
modifiers and regions: one field, items separated by spaces, commas or colons ("GP KX", "59:GP"); an empty
cell is null.

exit codes: 0 every result clean; 1 error findings or unreadable inputs; 2 unusable input or bad usage;
  3 no error findings, but some results incomplete (status "incomplete": a check that applies could not run,
  e.g. the NCCI PTP/MUE tables are not imported: cpt97124-mcp data import-ptp / import-mue);
  4 aborted, results incomplete: a worker died, the NCCI store failed, the output could not be written or an
  unexpected error (one line says how many inputs were checked and written)"""

Validate = Callable[[Mapping[str, Any]], "ValidateClaimLineResult"]  # raw arguments -> the tool's answer


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate", help="check claim lines from a file (JSON, JSONL or CSV): one result per input",
        description="Check every claim line of FILE (or stdin for -) for what a payer would deny, in order, streaming.",
        epilog=EPILOG)
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
    problem = record.problem
    if problem is None:
        flat = False
        try:
            arguments, flat = arguments_for(record.value)
            result = validate(arguments)
        except RuleInputError as exc:
            problem = in_input_terms(exc.field, str(exc), flat)
        except ValidationError as exc:
            field = field_path(tuple(exc.errors(include_url=False)[0]["loc"]))
            problem = in_input_terms(field, describe_validation_error(TOOL, exc, allowed_arguments), flat)
        else:
            # {"input", "source_line", ...the tool's structured output}: the output's own JSON, spliced in
            line = "null" if record.source_line is None else record.source_line
            text = f'{{"input":{record.number},"source_line":{line},{result.model_dump_json()[1:]}'
            return Outcome(record.number, record.source_line, record.value, text, result.valid, result.findings,
                           not_checked=result.not_checked)
    text = json.dumps({"input": record.number, "source_line": record.source_line, "field": problem.field,
                       "error": problem.message})
    return Outcome(record.number, record.source_line, record.value, text, problem=problem.message)


def line_answerer(ncci: NcciTables | None) -> Validate:
    """validate_claim_line's answer to raw JSON arguments: validated against the tool's own argument types, then
    the tool's function, with ``ncci`` the imported tables. The answerer raises ``pydantic.ValidationError``
    (unknown or malformed fields) or ``RuleInputError``."""
    from ..tools.claim_schemas import ValidateClaimLineArgs
    from ..tools.validate_claim_line import check_line

    def answer(arguments: Mapping[str, Any]) -> ValidateClaimLineResult:
        return check_line(ValidateClaimLineArgs.model_validate(arguments), ncci)

    return answer


def in_input_terms(field: str, message: str, flat: bool) -> Problem:
    """The problem in the terms of the input file: no tool name, and for a flat record the tool's ``line.units``
    is the input's column ``units``."""
    message = message.removeprefix(f"Invalid arguments for {TOOL}: ")
    if flat:
        field, message = field.removeprefix("line."), message.removeprefix("line.").replace("'line.", "'")
    return Problem(field, message)


def open_input(name: str) -> tuple[IO[bytes], int | None]:
    """The binary stream to read and its size in bytes when it is a regular file (for the progress bar)."""
    stream = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115 - closed by run()
    info = os.fstat(stream.fileno())
    return stream, info.st_size if stat.S_ISREG(info.st_mode) else None


class BatchAborted(Exception):
    """The run stopped before its end (exit code 4): ``checked`` inputs were answered, ``written`` reached the
    output; ``cause`` says why in one line."""

    def __init__(self, checked: int, written: int, cause: str) -> None:
        super().__init__(f"aborted, results incomplete: {checked} inputs checked, {written} written ({cause})")
        self.output_failed = False
        self.worker_died = False


def validate_batch(reader: CountingReader, input_format: str, name: str, writer: Writer,
                   progress: Progress, jobs: int = 1) -> Tally:
    """Stream every input of ``reader`` through validate_claim_line into ``writer``, in order; ``jobs`` worker
    processes share the checking when above 1. Raises UnusableInput after writing the inputs before the fault, and
    BatchAborted when the run cannot go on (a worker died, the NCCI store failed, the output cannot be written,
    any unexpected error); the output is flushed after each block, so ``written`` is what reached it."""
    faults: list[UnusableInput] = []
    records = until_unusable(read_records(reader, input_format, name, parse=jobs == 1), faults)
    tally, checked, writing = Tally(), 0, False
    try:
        writer.start()
        for text, part in blocks(records, type(writer), jobs):
            checked += part.inputs
            writing = True
            writer.write(text)
            writer.flush()
            writing = False
            tally.merge(part)
            progress.update(reader.bytes_read, tally.inputs)
    except BrokenPipeError:
        raise  # the reader stopped reading (`| head`): its choice, handled by main()
    except Exception as exc:  # every fault ends the run with exit 4 and one line, no traceback
        aborted = BatchAborted(checked, tally.inputs, describe_fault(exc, writing))
        aborted.output_failed = writing
        aborted.worker_died = isinstance(exc, BrokenProcessPool)
        raise aborted from None
    if faults:
        raise faults[0]
    if not tally.inputs:
        raise UnusableInput("it holds no inputs")
    return tally


def describe_fault(exc: Exception, writing: bool) -> str:
    """One line on why a run stopped."""
    if writing and isinstance(exc, OSError):
        return f"the output cannot be written: {exc.strerror or exc}"
    if isinstance(exc, BrokenProcessPool):
        return "a worker process died"
    if type(exc).__name__ == "NcciStoreError":
        return str(exc)
    return f"unexpected error: {type(exc).__name__}: {str(exc)[:200]}"


def until_unusable(records: Iterator[Record], faults: list[UnusableInput]) -> Iterator[Record]:
    """``records`` until the input turns unusable; the fault is kept in ``faults`` for after the last result."""
    try:
        yield from records
    except UnusableInput as fault:
        faults.append(fault)


def check_each(records: Iterable[Record], writer_type: type[Writer]) -> Iterator[tuple[Outcome, str]]:
    """Each record's outcome and its text as ``writer_type`` prints it, in order, each before the next record is
    read. One look-up of the imported NCCI tables serves them all."""
    from ..rules.ncci.store import open_tables
    from ..tools.claim_schemas import ValidateClaimLineArgs

    validate = line_answerer(open_tables())
    allowed_arguments = list(ValidateClaimLineArgs.model_fields)
    render = writer_type.render
    for record in records:
        outcome = check(record, validate, allowed_arguments)
        yield outcome, render(outcome)


def check_block(records: list[Record], writer_type: type[Writer]) -> Block:
    """A worker's share: ``records`` checked and rendered, as one text and one tally."""
    tally, texts = Tally(), []
    for outcome, text in check_each(records, writer_type):
        tally.add(outcome)
        texts.append(text)
    return Block("".join(texts), tally)


def blocks(records: Iterator[Record], writer_type: type[Writer], jobs: int) -> Iterator[Block]:
    """The rendered outcomes of ``records``, in input order. In one process each input is answered before the next
    is read (a pipe gets each result as soon as its input arrives). With several jobs and an input of WINDOW
    records (or WINDOW_BYTES) or more, worker processes check and render blocks of BLOCK records (or BLOCK_BYTES),
    at most IN_FLIGHT blocks per worker at a time, so memory stays bounded whatever the input's size; JSONL lines
    reach the workers unparsed and the answers come back as text, so the parent only reads and writes. A shorter
    input is checked in this process: starting workers would cost more than they save."""
    from ..rules.ncci.store import forget_open_tables

    window = [] if jobs == 1 else take(records, WINDOW, WINDOW_BYTES)
    if len(window) < WINDOW and sum(record.size for record in window) < WINDOW_BYTES:
        for outcome, text in check_each(itertools.chain(window, records), writer_type):
            yield Block(text, Tally.of(outcome))
        return
    pending: deque[Future[Block]] = deque()
    pool, finished, workers = ProcessPoolExecutor(jobs, initializer=forget_open_tables), False, set[int]()
    try:
        for block in batched(itertools.chain(window, records)):
            pending.append(pool.submit(check_block, block, writer_type))
            if len(pending) > IN_FLIGHT * jobs:
                yield answer_of(pending.popleft(), pool, workers)
        while pending:
            yield answer_of(pending.popleft(), pool, workers)
        finished = True
    finally:  # after a fault, never wait for the pool (its threads may wait forever on a dead worker): stop it
        started = list(pool_processes(pool).values())
        pool.shutdown(wait=finished, cancel_futures=not finished)
        if not finished:
            for worker in started:
                worker.kill()


def answer_of(future: Future[Block], pool: ProcessPoolExecutor, workers: set[int]) -> Block:
    """A worker's block; BrokenProcessPool as soon as a worker seen alive (``workers``: their process ids, added to
    here) is gone. The pool notices a dead worker by itself, unless the worker died while sending a result:
    the pool then waits forever for the rest of the message (CPython's ``multiprocessing``), so while it waits the
    parent also checks on its workers (which never exit on their own while the run lasts)."""
    workers |= live_workers(pool)  # every worker started so far
    while True:
        try:
            return future.result(timeout=WORKER_CHECK_S)
        except TimeoutError:
            if workers - live_workers(pool):
                raise BrokenProcessPool("a worker process died") from None


def pool_processes(pool: ProcessPoolExecutor) -> dict[int, Any]:
    """The pool's own worker processes by id (CPython keeps them in ``_processes``; other children of this process
    are not the pool's business). Empty where that is missing: the pool's own checks still apply."""
    return dict(getattr(pool, "_processes", None) or {})


def live_workers(pool: ProcessPoolExecutor) -> set[int]:
    return {pid for pid, process in pool_processes(pool).items() if process.is_alive()}


def take(records: Iterator[Record], count: int, max_bytes: int) -> list[Record]:
    """The next ``count`` records, or fewer once they hold ``max_bytes`` (record sizes as read)."""
    taken: list[Record] = []
    held = 0
    while len(taken) < count and held < max_bytes and (record := next(records, None)) is not None:
        taken.append(record)
        held += record.size
    return taken


def batched(records: Iterator[Record]) -> Iterator[list[Record]]:
    """Consecutive blocks of BLOCK records, each cut short at BLOCK_BYTES: the work in flight is bounded in
    records and in bytes."""
    while block := take(records, BLOCK, BLOCK_BYTES):
        yield block


def job_count(text: str) -> int:
    """argparse type: worker processes, 1 or more; 0 means one per CPU."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; allowed: 0 (one per CPU) or 1 and up")
    return int(text) or os.cpu_count() or 1


def run(args: argparse.Namespace) -> int:
    from ..rules.ncci.store import NcciStoreError, open_tables

    try:
        stream, size = open_input(args.file)
    except OSError as exc:
        print(f"cpt97124-mcp validate: argument FILE: cannot read {args.file!r} ({exc.strerror})", file=sys.stderr)
        return 2
    try:
        open_tables()  # a store that cannot be read stops the run before any input: never "not imported"
    except NcciStoreError as exc:
        stream.close()
        print(f"cpt97124-mcp validate: {exc}", file=sys.stderr)
        return 2
    jobs = args.jobs or ((os.cpu_count() or 1) if size is not None else 1)  # default: workers for a file only
    out = CurrentStdout()  # rows go around the progress bar when both share the terminal
    writer = JsonLines(out) if args.json else Table(out)  # type: ignore[arg-type]
    progress = Progress(size, enabled=sys.stderr.isatty(), share_terminal=sys.stderr.isatty() and sys.stdout.isatty())
    try:
        with stream:
            tally = validate_batch(CountingReader(stream), args.format, args.file, writer, progress, jobs)
    except UnusableInput as exc:
        progress.done()
        print(f"cpt97124-mcp validate: {args.file}: {exc}", file=sys.stderr)
        return 2
    except BatchAborted as exc:
        progress.done()
        if exc.output_failed:  # nothing more can reach it: drop what the buffer still holds (no error at exit)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"cpt97124-mcp validate: {args.file}: {exc}", file=sys.stderr)
        if exc.worker_died:  # the pool's threads may wait forever on the dead worker: leave without joining them
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(4)
        return 4
    progress.done()
    print(("" if args.json else "\n") + tally.summary(), file=sys.stderr if args.json else sys.stdout)
    return tally.exit_code()
