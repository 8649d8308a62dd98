"""The command line (contract, "Command line"): units, serve's usage, help everywhere, exit codes, no tracebacks."""

from __future__ import annotations

import json
import socket
import subprocess
from typing import Any

import anyio
import pytest
from mcp import Client

from cpt97124_mcp.cli.main import COMMANDS, build_parser, main
from cpt97124_mcp.server.app import build_server

from mcp_helpers import console_script

BAD_UNITS = [  # (argv, words stderr must contain)
    (["units", "97124=3", "9712=5"], ["argument 2 '9712=5' (code)", "'9712' is not a valid code"]),
    (["units", "97110=abc"], ["97110=abc", "'abc' are not a whole number"]),
    (["units", "97110=99999"], ["argument 1 '97110=99999' (minutes)", "0 to 1440"]),
    (["units", "97110=33", "--method", "medicare"], ["argument --method", "'cms', 'ama'"]),
    (["units"], ["CODE=MINUTES"]),
    (["serve", "--http", "--port", "eighty"], ["argument --port", "'eighty' is not a port number"]),
    (["frobnicate"], ["invalid choice: 'frobnicate'"]),
    (["serve", "--port", "9000"], ["usage: cpt97124-mcp serve", "--port needs --http"]),
    (["serve", "--host", "0.0.0.0"], ["--host needs --http"]),
    (["units", "38", "--frob"], ["usage: cpt97124-mcp units", "unrecognized arguments: --frob"]),
    (["explain", "--topc", "KX"], ["usage: cpt97124-mcp explain", "unrecognized arguments: --topc"]),
    (["units", "97110=8@pt", "97530=8@xx"], ["argument 2 '97530=8@xx' (discipline)", "'pt', 'ot', 'slp'"]),
]


def test_units_json_is_two_plus_one_as_the_tool_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "97110=33", "97140=7", "--json"]) == 0
    content = json.loads(capsys.readouterr().out)
    assert [(ln["code"], ln["units"]) for ln in content["lines"]] == [("97110", 2), ("97140", 1)]
    assert content["total_units"] == 3 and content["method"] == "cms"

    async def tool() -> dict[str, Any] | None:
        async with Client(build_server()) as client:
            services = [{"code": "97110", "minutes": 33}, {"code": "97140", "minutes": 7}]
            return (await client.call_tool("compute_units", {"services": services})).structured_content

    assert content == anyio.run(tool)


def test_units_pool_each_discipline_apart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "97110=8@pt", "97530=8@OT", "--json"]) == 0
    content = json.loads(capsys.readouterr().out)
    assert [(ln["code"], ln["units"], ln["discipline"]) for ln in content["lines"]] == [
        ("97110", 1, "pt"), ("97530", 1, "ot")]


def test_units_table_reads_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["units", "38"]) == 0
    out = capsys.readouterr().out
    assert "97124" in out and "Total: 3 units" in out and "Steps:" in out


def test_version_says_which_build_of_the_rules_core_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from cpt97124_mcp.rules.claims import validate

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    kind = "pure Python" if validate.__file__.endswith(".py") else "compiled"  # an extension module: compiled
    assert done.value.code == 0 and capsys.readouterr().out == f"cpt97124-mcp 0.1.0 (rules core: {kind})\n"


@pytest.mark.parametrize(("argv", "words"), BAD_UNITS)
def test_bad_usage_exits_2_naming_the_argument(argv: list[str], words: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        exit_code = main(argv)
        raise SystemExit(exit_code)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and all(w in err for w in words), err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", [c.__name__.rsplit(".", 1)[-1] for c in COMMANDS])
def test_every_subcommand_has_help_with_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([command, "--help"])
    assert exited.value.code == 0 and "examples:" in capsys.readouterr().out


@pytest.mark.e2e
def test_the_installed_command_answers_json() -> None:
    done = subprocess.run([console_script(), "units", "97110=33", "97140=7", "--json"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert [ln["units"] for ln in json.loads(done.stdout)["lines"]] == [2, 1]


def test_a_port_in_use_is_one_clear_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--http", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == f"cpt97124-mcp serve: cannot listen on 127.0.0.1:{port}: address already in use\n"


class FullDisk:
    """A standard output whose writes fail as on a full disk (``> /dev/full``)."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("argv", [["units", "38", "--json"], ["units", "38"], ["rules", "--json"],
                                  ["explain", "units.cms-total-time"],
                                  ["estimate", "97124x2", "--date", "2025-06-02", "--json"]])
def test_output_that_cannot_be_written_exits_4_in_one_line(argv: list[str], monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdout", FullDisk())
    assert main(argv) == 4
    err = capsys.readouterr().err
    assert "could not be written" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
