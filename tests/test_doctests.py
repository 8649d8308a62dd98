"""The examples in the rules core's docstrings run as tests: a docstring example that drifts from the code fails."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

from cpt97124_mcp import rules

MODULES = sorted(info.name for info in pkgutil.walk_packages(rules.__path__, f"{rules.__name__}."))
WITH_EXAMPLES = ("units", "unit_table", "catalog", "parameters")  # modules whose docstrings must show examples


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_core_modules_show_examples(name: str) -> None:
    module = importlib.import_module(f"{rules.__name__}.{name}")
    assert doctest.testmod(module).attempted > 0
