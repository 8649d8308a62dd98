"""Hatchling build hook: an editable install of ``cpt97124_mcp``, whose folder is the repository root.

A wheel maps the root's parts into ``cpt97124_mcp/`` (``force-include`` in pyproject.toml). Hatchling's own editable
install cannot rename a folder, so for ``pip install -e`` this hook installs a small import finder instead: it
loads ``cpt97124_mcp`` and the parts the wheel ships from the repository, and nothing else (``tests`` and
``bench`` live in the same folder but are not part of the package).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FINDER = "_cpt97124_mcp_editable"
FINDER_SOURCE = '''"""cpt97124_mcp installed in editable mode: the package and its parts load from {root!r}."""

import sys
from importlib.machinery import PathFinder
from importlib.util import spec_from_file_location

ROOT = {root!r}
PARTS = {parts!r}


class RepositoryFinder:
    """Loads cpt97124_mcp from ROOT, unless sys.path (PYTHONPATH) has one; of ROOT's folders only PARTS."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == "cpt97124_mcp":
            if PathFinder.find_spec(name) is not None:
                return None
            return spec_from_file_location(name, ROOT + "/__init__.py", submodule_search_locations=[ROOT])
        package, _, part = name.partition(".")
        if package != "cpt97124_mcp" or "." in part or list(path or ()) != [ROOT]:
            return None
        if part not in PARTS:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return PathFinder.find_spec(name, [ROOT])


sys.meta_path.insert(0, RepositoryFinder)
'''


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        sources = self.build_config.get_force_include()  # {path in the repository: path in the wheel}
        parts = sorted(os.path.basename(source).removesuffix(".py") for source in sources
                       if os.path.isdir(source) or source.endswith(".py"))
        self.generated = tempfile.mkdtemp()
        finder = os.path.join(self.generated, f"{FINDER}.py")
        with open(finder, "w", encoding="utf-8") as file:
            file.write(FINDER_SOURCE.format(root=self.root.replace(os.sep, "/"), parts=tuple(parts)))
        pth = os.path.join(self.generated, f"{FINDER}.pth")
        with open(pth, "w", encoding="utf-8") as file:
            file.write(f"import {FINDER}\n")
        build_data["force_include_editable"] = {finder: f"{FINDER}.py", pth: f"{FINDER}.pth"}

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if version == "editable":
            shutil.rmtree(self.generated, ignore_errors=True)
