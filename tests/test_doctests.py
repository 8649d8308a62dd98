"""The examples in the rules core's docstrings run as tests: a docstring example that drifts from the code fails.

The examples are read from each module's source file and run in the installed module's namespace: a module of the
compiled build (``hatch_build.py``) keeps no docstrings, and its examples must hold for it too.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

from cpt97124_mcp import rules

MODULES = sorted(info.name for info in pkgutil.walk_packages(rules.__path__, f"{rules.__name__}."))
WITH_EXAMPLES = ("units", "unit_table", "catalog", "parameters")  # modules whose docstrings must show examples
DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def run_examples(module: ModuleType) -> doctest.TestResults:
    """Every docstring example of ``module``'s source, run against the module as imported."""
    loaded = Path(module.__file__ or "")
    source = loaded.with_name(loaded.name.split(".")[0] + ".py")  # units.py beside units.cpython-311-...so
    tree = ast.parse(source.read_text(encoding="utf-8"))
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for node in ast.walk(tree):
        text = ast.get_docstring(node) if isinstance(node, DOCUMENTED) else None
        if text:
            name = f"{module.__name__}.{getattr(node, 'name', '')}".rstrip(".")
            runner.run(parser.get_doctest(text, dict(vars(module)), name, str(source), 0))
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    assert run_examples(importlib.import_module(name)).failed == 0


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_core_modules_show_examples(name: str) -> None:
    assert run_examples(importlib.import_module(f"{rules.__name__}.{name}")).attempted > 0
