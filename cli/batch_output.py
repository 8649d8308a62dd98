"""What ``cpt97124-mcp validate`` prints: each input's outcome as JSONL or a table, the tally, a progress bar.

Contract, "Command line": ``--json`` prints exactly the tool's structured output, one JSON object a line;
people get a readable table. The summary and the progress bar never mix into the JSONL on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, ClassVar, NamedTuple

from ..rules.types import Severity
from ..rules.value import Value, set_once

if TYPE_CHECKING:
    from ..tools.claim_schemas import FindingOut, NotCheckedOut

LARGE_INPUT_BYTES = 1 << 20
LARGE_INPUT_RECORDS = 10_000
PROGRESS_EVERY = 1000


class Outcome(Value):
    """One input's answer, digested to what the writers print and the tally counts: ``json`` is the tool's
    structured output, or for an input that could not be checked the object
    ``{"input", "source_line", "field", "error"}``; ``valid`` is None then. ``value`` is the input as read (the
    table shows its claim line), ``findings`` the answer's findings, ``not_checked`` the checks the answer could not
    run (its status is then incomplete, unless it has errors)."""

    FIELDS = ("number", "source_line", "value", "json", "valid", "findings", "problem", "not_checked")

    def __init__(self, number: int, source_line: int | None, value: Any, json: str, valid: bool | None = None,
                 findings: Sequence[FindingOut] = (), problem: str = "",
                 not_checked: Sequence[NotCheckedOut] = ()) -> None:
        (self.number, self.source_line, self.value, self.json, self.valid, self.findings, self.problem,
         self.not_checked) = (number, source_line, value, json, valid, findings, problem, not_checked)

    def __setattr__(self, name: str, value: object) -> None:
        set_once(self, name, value)

    @property
    def incomplete(self) -> bool:
        """No error finding, but a check that applies could not run."""
        return bool(self.not_checked) and not any(f.severity == Severity.ERROR for f in self.findings)


@dataclass(slots=True)
class Tally:
    inputs: int = 0
    valid: int = 0
    incomplete: int = 0
    with_errors: int = 0
    unreadable: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, outcome: Outcome) -> Tally:
        tally = cls()
        tally.add(outcome)
        return tally

    def add(self, outcome: Outcome) -> None:
        self.inputs += 1
        if outcome.valid is None:
            self.unreadable += 1
            return
        if outcome.valid:
            self.valid += 1
        elif outcome.incomplete:
            self.incomplete += 1
        else:
            self.with_errors += 1
        self.warnings += sum(f.severity == Severity.WARNING for f in outcome.findings)

    def merge(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.valid += other.valid
        self.incomplete += other.incomplete
        self.with_errors += other.with_errors
        self.unreadable += other.unreadable
        self.warnings += other.warnings

    def summary(self) -> str:
        return (f"{counted(self.inputs, 'input')}: {self.valid} valid, {self.incomplete} incomplete (checks not run), "
                f"{self.with_errors} with error findings, {self.unreadable} unreadable; "
                f"{counted(self.warnings, 'warning')}.")

    def exit_code(self) -> int:
        """1 error findings or unreadable inputs, else 3 some results incomplete, else 0 (contract)."""
        return 1 if self.with_errors or self.unreadable else 3 if self.incomplete else 0


class Block(NamedTuple):
    """Outcomes rendered by a writer (in a worker process) and their tally: all the parent has to print and count."""

    text: str
    tally: Tally


class JsonLines:
    """``--json``: the tool's structured output per input, one a line; unreadable inputs as error objects."""

    def __init__(self, out: IO[str]) -> None:
        self.write, self.flush = out.write, out.flush

    def start(self) -> None:
        """JSONL has no header."""

    @staticmethod
    def render(outcome: Outcome) -> str:
        return outcome.json + "\n"


class Table:
    """For people: one row per input, its error and warning findings beneath it."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("input", "code", "units", "modifiers", "result")
    WIDTHS: ClassVar[tuple[int, ...]] = (7, 7, 6, 14, 12)

    def __init__(self, out: IO[str]) -> None:
        self.write, self.flush = out.write, out.flush

    def start(self) -> None:
        self.write(self.row(self.COLUMNS, "info"))

    @classmethod
    def row(cls, cells: tuple[str, ...], rest: str = "") -> str:
        return "".join(shorten(c, w - 1).ljust(w) for c, w in zip(cells, cls.WIDTHS, strict=True)) + rest + "\n"

    @classmethod
    def render(cls, outcome: Outcome) -> str:
        line = claim_line(outcome.value)
        modifiers = line.get("modifiers") or ""
        cells = (str(outcome.number), str(line.get("code", "")), str(line.get("units", "")),
                 ",".join(map(str, modifiers)) if isinstance(modifiers, list) else str(modifiers))
        if outcome.valid is None:
            where = f"line {outcome.source_line}: " if outcome.source_line else ""
            return cls.row((*cells, "UNREADABLE")) + f"    {where}{outcome.problem}\n"
        findings = outcome.findings
        result = "valid" if outcome.valid else "INCOMPLETE" if outcome.incomplete else "ERRORS"
        head = cls.row((*cells, result), ", ".join(f.rule_id for f in findings if f.severity == Severity.INFO))
        return head + "".join(f"    {f.severity:<8}{f.rule_id}: {f.message}\n"
                              for f in findings if f.severity != Severity.INFO) + "".join(
            f"    {'not run':<8}{n.rule_id}: {n.reason}\n" for n in outcome.not_checked)


Writer = JsonLines | Table


def claim_line(value: Any) -> Mapping[str, Any]:
    """The claim line of an input as given, or {} when there is none."""
    line = value.get("line", value) if isinstance(value, Mapping) else None
    return line if isinstance(line, Mapping) else {}


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def counted(n: int, noun: str) -> str:
    """``1 input``, ``2 inputs``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


class CurrentStdout:
    """``sys.stdout`` as it is at each write: while the progress bar shares the terminal, rich puts its own proxy
    there, which prints the table's rows above the bar instead of through it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


class Progress:
    """A progress bar on stderr, only for a terminal and a large input (``rich``, imported only then), counting
    inputs, with the share of the file read and an ETA when its size is known. ``share_terminal``: stdout is the
    same terminal, so what is printed while the bar shows is written around it (rich's stdout redirect)."""

    def __init__(self, total_bytes: int | None, enabled: bool, share_terminal: bool = False) -> None:
        self.total_bytes, self.enabled, self.share_terminal = total_bytes, enabled, share_terminal
        self.next_check = PROGRESS_EVERY
        self.bar: Any = None  # rich.progress.Progress and its task, once shown
        self.task: Any = None

    def update(self, bytes_read: int, inputs: int) -> None:
        if not self.enabled or inputs < self.next_check:
            return
        self.next_check = inputs + PROGRESS_EVERY
        if self.bar is None:
            if inputs < LARGE_INPUT_RECORDS and (self.total_bytes or 0) < LARGE_INPUT_BYTES:
                return
            self.start()
        self.bar.update(self.task, completed=bytes_read, inputs=inputs)

    def start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        columns: list[Any] = [TextColumn("validating:")]
        if self.total_bytes:
            columns += [BarColumn(), TaskProgressColumn()]
        columns.append(TextColumn("{task.fields[inputs]:,} inputs"))
        if self.total_bytes:
            columns += [TextColumn("ETA"), TimeRemainingColumn()]
        self.bar = Bar(*columns, console=Console(stderr=True, force_terminal=True), transient=True,
                       redirect_stdout=self.share_terminal, redirect_stderr=False)
        self.task = self.bar.add_task("validate", total=self.total_bytes, inputs=0)
        self.bar.start()

    def done(self) -> None:
        if self.bar is not None:
            self.bar.stop()
