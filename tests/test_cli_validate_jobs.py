"""How ``cpt97124-mcp validate`` shares the work (server/cli_validate.py ``checked``): in one process the results
stream as the inputs arrive; worker processes only for an input longer than one window; JSONL lines travel to
the workers unparsed and are parsed there exactly as the reader would."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from cpt97124_mcp.server import cli_validate
from cpt97124_mcp.server.batch_input import CountingReader, Record, parsed, read_records
from cpt97124_mcp.server.batch_output import Outcome

JSONL = b'{"code": "97124", "units": 2}\n\n{"code": 97110\n[1]\n{"line": {"code": "97140", "units": 1}}\n'


def outcome_of(record: Record) -> Outcome:
    return Outcome(record.number, record.source_line, {}, str(record.number))


def counted(count: int, pulled: list[int]) -> Iterator[Record]:
    for number in range(1, count + 1):
        pulled.append(number)
        yield Record(number, number, {"code": "97124"})


def test_one_process_streams_each_result_before_reading_the_next_input() -> None:
    pulled: list[int] = []
    results = cli_validate.checked(counted(10_000, pulled), outcome_of, jobs=1)
    assert next(results).number == 1 and pulled == [1]


def test_an_input_shorter_than_a_window_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object) -> None:
        raise AssertionError("no worker process for a short input")

    monkeypatch.setattr(cli_validate, "ProcessPoolExecutor", no_pool)
    outcomes = list(cli_validate.checked(counted(cli_validate.WINDOW - 1, []), outcome_of, jobs=2))
    assert [o.number for o in outcomes] == list(range(1, cli_validate.WINDOW))


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
