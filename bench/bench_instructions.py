"""Work per batch line, counted in CPU instructions (cachegrind), not timed: the machine is shared and noisy.

    python bench/bench_instructions.py [--lines 2000] [--write BENCHMARKS.md]

Runs the batch path on ``--lines`` inputs of ``bench_batch.py``'s tool form under ``valgrind --tool=cachegrind``
(parse the arguments, validate, build the answer, write its JSON) and once on no input; the difference divided by
the lines is the work of one line, stage by stage: the arguments parsed, the rules core, the output model and its
JSON. Compare two trees by running it in each. Needs valgrind.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cpt97124_mcp.rules import build

from bench_batch import tool_input
from report import write_section

STAGES = ("parse", "core", "answer", "json")


def run_stages(made: int, count: int, last: str) -> None:
    """The batch path on ``count`` of ``made`` inputs, up to and including stage ``last`` (the child process's work;
    every run makes the same inputs, so making them is not counted)."""
    from cpt97124_mcp.rules.claims import validate_line
    from cpt97124_mcp.rules.ncci.store import open_tables
    from cpt97124_mcp.tools.claim_schemas import ValidateClaimLineArgs, ValidateClaimLineResult

    rng = random.Random(97124)
    inputs = [tool_input(rng, number) for number in range(1, made + 1)][:count]
    tables, upto = open_tables(), STAGES.index(last)
    for text in inputs:
        args = ValidateClaimLineArgs.model_validate_json(text)
        if upto < 1:
            continue
        result = validate_line(args.line, args.other_lines, payer=args.payer, method=args.method,
                               date_of_service=args.date_of_service, provider=args.provider,
                               plan_of_care=args.plan_of_care, ytd_therapy_amount=args.ytd_therapy_amount,
                               ncci=tables, place_of_service=args.place_of_service, apply_rules=args.apply_rules)
        if upto < 2:
            continue
        answer = ValidateClaimLineResult.model_validate(result, from_attributes=True)
        if upto == 3:
            answer.model_dump_json()


def instructions(made: int, count: int, last: str) -> int:
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, __file__, "--child", str(made), str(count), last],
                          capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-1000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--write", type=Path, default=None, help="replace the 'instructions' section of this file")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_stages(int(args.child[0]), int(args.child[1]), args.child[2])
        return
    lines = args.lines
    per_line = {stage: (instructions(lines, lines, stage) - instructions(lines, 0, stage)) // lines for stage in STAGES}
    rows = [f"| {stage} | {per_line[stage] - (per_line[STAGES[i - 1]] if i else 0):,} |"
            for i, stage in enumerate(STAGES)]
    report = "\n".join([
        "## Work per batch line (instructions)", "",
        f"`python bench/bench_instructions.py --lines {args.lines}` (rules core: {build()}): cachegrind over the "
        "batch path on tool-form inputs (as `bench_batch.py` writes them), minus a run on no input, per line and "
        "stage.", "",
        "| stage | instructions per line |", "|---|---:|", *rows, f"| **all** | **{per_line['json']:,}** |"])
    print(report)
    if args.write:
        write_section(args.write, "instructions", report)


if __name__ == "__main__":
    main()
