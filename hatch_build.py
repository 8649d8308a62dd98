"""Hatchling build hook: the rules core compiled into the wheel, and an editable install of ``cpt97124_mcp``,
whose folder is the repository root.

A wheel maps the root's parts into ``cpt97124_mcp/`` (``force-include`` in pyproject.toml). The modules the hook's
``compile`` option lists (the rules core's hot path) are also compiled with mypyc, from the same sources, and
shipped beside them: Python imports the compiled module when there is one. Where compiling is not possible (no C
compiler, or ``CPT97124_MCP_PURE=1``) the wheel is pure Python and answers the same, only slower; the compiled
build runs the same test suite in CI (``.ci/run``).

Hatchling's own editable install cannot rename a folder, so for ``pip install -e`` this hook installs a small
import finder instead: it loads ``cpt97124_mcp`` and the parts the wheel ships from the repository, and nothing
else (``tests`` and ``bench`` live in the same folder but are not part of the package). An editable install is
never compiled.
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


PACKAGE = "cpt97124_mcp"


def compile_modules(root: str, modules: list[str], work: str) -> dict[str, str]:
    """``modules`` (paths in the repository) compiled with mypyc in ``work``: {built file: its path in the wheel}.
    The sources are seen through a link named like the package, so that each module gets its package name."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    os.symlink(root, os.path.join(work, PACKAGE), target_is_directory=True)
    here = os.getcwd()
    os.chdir(work)  # mypy finds the package, and writes its cache, here
    try:
        extensions = mypycify(["--config-file", os.path.join(root, "pyproject.toml"), "--ignore-missing-imports",
                               *(f"{PACKAGE}/{module}" for module in modules)],
                              opt_level="3", group_name=PACKAGE, target_dir=os.path.join(work, "c"))
        build = Distribution({"ext_modules": extensions}).get_command_obj("build_ext")
        build.build_lib, build.build_temp = os.path.join(work, "lib"), os.path.join(work, "temp")  # type: ignore[attr-defined]
        build.parallel = os.cpu_count()  # type: ignore[attr-defined]
        build.ensure_finalized()
        build.run()
    finally:
        os.chdir(here)
    lib = os.path.join(work, "lib")
    return {os.path.join(folder, name): os.path.relpath(os.path.join(folder, name), lib).replace(os.sep, "/")
            for folder, _, names in os.walk(lib) for name in names}


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self.generated = tempfile.mkdtemp()
        if version == "editable":
            self.editable(build_data)
        elif os.environ.get("CPT97124_MCP_PURE", "") in ("", "0"):
            self.compiled(build_data)

    def compiled(self, build_data: dict[str, Any]) -> None:
        """The ``compile`` modules compiled into the wheel, or a pure wheel (with a warning) where that fails."""
        try:
            built = compile_modules(self.root, list(self.config.get("compile", [])), self.generated)
        except (Exception, SystemExit) as exc:  # no compiler, headers or mypyc, or mypyc refused the code (it exits)
            self.app.display_warning(f"cpt97124-mcp: building a pure-Python wheel (compiling failed: {str(exc)[:200]})")
            return
        build_data["force_include"].update(built)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def editable(self, build_data: dict[str, Any]) -> None:
        sources = self.build_config.get_force_include()  # {path in the repository: path in the wheel}
        parts = sorted(os.path.basename(source).removesuffix(".py") for source in sources
                       if os.path.isdir(source) or source.endswith(".py"))
        finder = os.path.join(self.generated, f"{FINDER}.py")
        with open(finder, "w", encoding="utf-8") as file:
            file.write(FINDER_SOURCE.format(root=self.root.replace(os.sep, "/"), parts=tuple(parts)))
        pth = os.path.join(self.generated, f"{FINDER}.pth")
        with open(pth, "w", encoding="utf-8") as file:
            file.write(f"import {FINDER}\n")
        build_data["force_include_editable"] = {finder: f"{FINDER}.py", pth: f"{FINDER}.pth"}

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self.generated, ignore_errors=True)
