"""Lines per second of batch validation (``cpt97124-mcp validate``), in-process and through the CLI.

    python bench/bench_batch.py [--lines 100000] [--form tool|varied] [--repeat 3] [--profile] [--write BENCHMARKS.md]

Writes N JSONL inputs to a temporary file: with ``--form tool`` (the default, issue 11's input) each is the tool's
own arguments ``{"line": {...}, "other_lines": [...]}``, half of them with one other line of the same day; with
``--form varied``, flat records and the tool's arguments mixed, with payers, providers and a few unreadable
lines. Then times:
- the reader alone (parse each line into validate_claim_line arguments, no validation): the CLI's own cost;
- the batch path in-process (``cli_validate.validate_batch`` writing JSONL to /dev/null);
- the CLI as a subprocess (``cpt97124-mcp validate FILE --json > /dev/null``), start-up included;
the last two with one job and with one job per CPU (``--jobs``), each ``--repeat`` times, interleaved; the
median is reported. With ``--profile`` the in-process run is repeated under cProfile and the top functions are
printed. The report replaces the 'batch' section of BENCHMARKS.md.
Target (issues 5 and 11): at least 20,000 lines per second on a 2-core machine, ``--form tool``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cpt97124_mcp.cli import batch_output
from cpt97124_mcp.cli import validate as cli_validate
from cpt97124_mcp.cli.batch_input import CountingReader, arguments_for, read_records
from cpt97124_mcp.rules import build
from cpt97124_mcp.rules.types import Payer, Provider

sys.path.insert(0, str(Path(__file__).parent))
from report import write_section

CODES = ("97124", "97110", "97140", "97112", "97530", "97010", "97150", "98940", "G0283", "97124")
MODIFIERS = ("GP", "GO", "CQ", "CO", "KX", "59", "XS", "GA", "GY", "gp ")
PAYERS = tuple(Payer)
TARGET = 20_000
PROVIDERS = (None, Provider.PT, Provider.PTA, Provider.OT, Provider.CHIROPRACTOR, Provider.MASSAGE_THERAPIST,
             Provider.PHYSICIAN)


def random_line(rng: random.Random) -> dict[str, Any]:
    line: dict[str, Any] = {"code": rng.choice(CODES), "units": rng.randint(1, 4),
                            "modifiers": rng.sample(MODIFIERS, rng.randint(0, 3))}
    if rng.random() < 0.9:
        line["minutes"] = rng.randint(0, 70)
    if rng.random() < 0.1:
        line["regions"] = rng.sample(["cervical", "lumbar", "upper_extremity", "head"], rng.randint(1, 2))
    return line


def random_input(rng: random.Random, number: int) -> str:
    if number % 997 == 0:
        return '{"code": "97124", "units": '  # an unreadable line now and then
    line = random_line(rng)
    date = f"{rng.randint(2023, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    claim: dict[str, Any] = {"payer": rng.choice(PAYERS), "date_of_service": date}
    if provider := rng.choice(PROVIDERS):
        claim["provider"] = provider
    if rng.random() < 0.3:
        claim["ytd_therapy_amount"] = round(rng.uniform(0, 4000), 2)
    if number % 2:
        return json.dumps({**line, "modifiers": " ".join(line["modifiers"]), **claim})
    others = [random_line(rng) for _ in range(rng.randint(0, 2))]
    return json.dumps({"line": line, "other_lines": others, **claim})


def tool_input(rng: random.Random, number: int) -> str:
    """validate_claim_line's own arguments; every other input with one other line of the same day."""
    return json.dumps({"line": random_line(rng), "other_lines": [random_line(rng)] if number % 2 else []})


FORMS = {"tool": tool_input, "varied": random_input}


def write_inputs(path: Path, count: int, form: str = "tool") -> None:
    rng = random.Random(97124)
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            out.write(FORMS[form](rng, number) + "\n")


def time_reader(path: Path) -> float:
    start = time.perf_counter()
    with path.open("rb") as stream:
        for record in read_records(CountingReader(stream), "auto", str(path)):
            if record.problem is None:
                arguments_for(record.value)
    return time.perf_counter() - start


def run_in_process(path: Path, jobs: int = 1) -> batch_output.Tally:
    with path.open("rb") as stream, open(os.devnull, "w", encoding="utf-8") as sink:
        return cli_validate.validate_batch(CountingReader(stream), "auto", str(path), batch_output.JsonLines(sink),
                                           batch_output.Progress(None, enabled=False), jobs)


def time_in_process(path: Path, jobs: int) -> tuple[float, batch_output.Tally]:
    start = time.perf_counter()
    tally = run_in_process(path, jobs)
    return time.perf_counter() - start, tally


def time_cli(path: Path, jobs: int) -> float:
    command = [str(Path(sys.executable).parent / "cpt97124-mcp"), "validate", str(path), "--json", f"--jobs={jobs}"]
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=3600)
    return time.perf_counter() - start


def spin(count: int) -> int:
    """A pure-Python loop: the machine's speed for this kind of work, with no I/O."""
    total = 0
    for i in range(count):
        total += i * i % 7
    return total


def calibrate(count: int = 4_000_000) -> tuple[float, float]:
    """Seconds for one ``spin`` in one process, and how many times that work two processes do in the same time
    (the most ``--jobs 2`` can gain here: the two CPUs are shared with other tenants)."""
    start = time.perf_counter()
    spin(count)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(spin, [1000, 1000]))  # workers started
        start = time.perf_counter()
        list(pool.map(spin, [count, count]))
        two = time.perf_counter() - start
    return one, 2 * one / two


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000, help="how many JSONL inputs (default 100000)")
    parser.add_argument("--form", choices=sorted(FORMS), default="tool",
                        help="what the inputs look like (default tool)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender; the median is reported")
    parser.add_argument("--profile", action="store_true", help="print the top functions of the in-process run")
    parser.add_argument("--write", type=Path, default=Path(__file__).parents[1] / "BENCHMARKS.md",
                        help="the Markdown file whose 'batch' section gets the report (default BENCHMARKS.md)")
    args = parser.parse_args()
    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inputs.jsonl"
        write_inputs(path, args.lines, args.form)
        contenders: dict[str, Callable[[], float]] = {
            "reader alone (no validation)": lambda: time_reader(path)}
        for jobs in (1, cpus):
            contenders[f"batch path in-process, --jobs {jobs}"] = lambda jobs=jobs: time_in_process(path, jobs)[0]
            contenders[f"CLI `validate FILE --json --jobs {jobs}`, start-up included"] = (
                lambda jobs=jobs: time_cli(path, jobs))
        machine = [calibrate()]
        seconds: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.repeat):
            for name, run in contenders.items():
                seconds[name].append(run())
        machine.append(calibrate())
        tally = run_in_process(path)
        cli = f"CLI `validate FILE --json --jobs {cpus}`, start-up included"
        cli_rate = args.lines / statistics.median(seconds[cli])
        report = [
            "## Batch validation", "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python bench/bench_batch.py --lines {args.lines} "
            f"--form {args.form} --repeat {args.repeat}` on {platform.machine()}, Python {platform.python_version()} "
            f"(rules core: {build()}), "
            f"{cpus} CPUs (shared): {args.lines:,} JSONL inputs of form {args.form} "
            f"({path.stat().st_size / 1e6:.1f} MB; {tally.summary()}). "
            "Median of the runs, contenders interleaved. The machine, at the start and at the end of the run: a "
            "pure-Python loop of 4 million steps took "
            f"{' and '.join(f'{one:.2f} s' for one, _ in machine)} in one process, and two processes did "
            f"{' and '.join(f'{two:.2f}' for _, two in machine)} times that work in the same time (the ceiling for "
            "`--jobs 2`; the two CPUs are shared with other tenants, so both figures change from minute to minute).",
            "",
            "| contender | lines/s | median s |", "|---|---:|---:|",
            *[f"| {name} | {args.lines / statistics.median(t):,.0f} | {statistics.median(t):.2f} |"
              for name, t in seconds.items()],
            "", f"Target (issue 11): at least {TARGET:,} lines per second on this 2-core machine. The CLI with one job "
            f"per CPU did {cli_rate:,.0f}: {'met' if cli_rate >= TARGET else 'not met'} in this run.", ""]
        text = "\n".join(report)
        print(text)
        write_section(args.write, "batch", text)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(run_in_process, path)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())


if __name__ == "__main__":
    main()
