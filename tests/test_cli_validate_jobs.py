"""How ``cpt97124-mcp validate`` shares the work (cli/validate.py ``blocks``): in one process the results
stream as the inputs arrive; worker processes only for an input longer than one window; JSONL lines travel to
the workers unparsed and are parsed there exactly as the reader would; a block's text and tally are what
printing its outcomes one by one would give."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from cpt97124_mcp.cli import validate as cli_validate
from cpt97124_mcp.cli.batch_input import CountingReader, Record, parsed, read_records
from cpt97124_mcp.cli.batch_output import JsonLines, Table, Tally

JSONL = b'{"code": "97124", "units": 2}\n\n{"code": 97110\n[1]\n{"line": {"code": "97140", "units": 1}}\n'
RECORDS = [Record(1, 1, {"code": "97124", "units": 2, "minutes": 38, "modifiers": "GP"}),
           Record(2, 2, {"code": "97124", "units": 4, "minutes": 38}), Record(3, 3, {"code": 97124}),
           Record(4, 4, b'{"code": "97110", "units": 1, "minutes": 9, "modifiers": "GP"}')]


def counted(count: int, pulled: list[int]) -> Iterator[Record]:
    for number in range(1, count + 1):
        pulled.append(number)
        yield Record(number, number, {"code": "97124", "units": 1})


def test_one_process_streams_each_result_before_reading_the_next_input() -> None:
    pulled: list[int] = []
    results = cli_validate.blocks(counted(10_000, pulled), JsonLines, jobs=1)
    assert next(results).tally.inputs == 1 and pulled == [1]


def test_an_input_shorter_than_a_window_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no worker process for a short input")

    monkeypatch.setattr(cli_validate, "ProcessPoolExecutor", no_pool)
    rendered = list(cli_validate.blocks(counted(cli_validate.WINDOW - 1, []), JsonLines, jobs=2))
    assert len(rendered) == cli_validate.WINDOW - 1


@pytest.mark.parametrize("writer_type", [JsonLines, Table])
def test_a_block_renders_and_counts_as_its_outcomes_one_by_one(writer_type: type[JsonLines | Table]) -> None:
    block = cli_validate.check_block(RECORDS, writer_type)
    one_by_one = [cli_validate.check_block([record], writer_type) for record in RECORDS]
    assert block.text == "".join(b.text for b in one_by_one)
    summed = Tally()
    for part in one_by_one:
        summed.merge(part.tally)
    assert block.tally == summed
    assert (summed.inputs, summed.valid + summed.incomplete, summed.with_errors, summed.unreadable) == (4, 2, 1, 1)


def test_unparsed_jsonl_lines_parse_as_the_reader_parses_them() -> None:
    def read(parse: bool) -> list[Record]:
        return list(read_records(CountingReader(io.BytesIO(JSONL)), "auto", "-", parse=parse))

    raw = read(parse=False)
    assert all(isinstance(r.value, bytes) for r in raw)
    assert [parsed(r) for r in raw] == read(parse=True)
    assert [r.source_line for r in raw] == [1, 3, 4, 5] and parsed(raw[1]).problem.field == "input"  # type: ignore[union-attr]


@pytest.mark.parametrize(("arguments", "jobs"), [([], None), (["--jobs", "0"], 2), (["--jobs", "3"], 3)])
def test_jobs_default_to_none_and_zero_means_one_per_cpu(arguments: list[str], jobs: int | None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    monkeypatch.setattr(cli_validate.os, "cpu_count", lambda: 2)
    parser = cli_validate.add_parser(argparse.ArgumentParser().add_subparsers())
    assert parser.parse_args(["claims.jsonl", *arguments]).jobs == jobs


@pytest.mark.e2e
def test_another_child_of_the_caller_exiting_is_not_a_dead_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import time

    monkeypatch.setattr(cli_validate, "WORKER_CHECK_S", 0.01)  # check the workers at every wait
    other = multiprocessing.Process(target=time.sleep, args=(0.5,))  # a library caller's own child
    other.start()
    try:
        tallies = [block.tally for block in cli_validate.blocks(counted(60_000, []), JsonLines, jobs=2)]
    finally:
        other.join()
    assert not other.is_alive() and sum(tally.inputs for tally in tallies) == 60_000
