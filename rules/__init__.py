"""The rules core: pure Python, no MCP. Every rule cites its source document and section.

- ``unit_table``: the 15-minute unit table (CMS Pub. 100-04 Ch. 5 §20.2 C).
- ``allocation``: CMS pooling and allocation, and the CPT midpoint rule per code.
- ``units``: ``compute_units``, both methods side by side, with steps and notes.
- ``codes``: the code catalog (timed / untimed, discipline, labels in our own words).
- ``catalog``: the rule catalog (every rule id with its sources and the payers it applies to), topic matching and
  worked examples.
- ``parameters``: every value that changes with the date of service, ``parameter(name, on=date)``.
- ``types`` (payer, method, severity, provider, discipline) and ``limits`` (input bounds): defined once.
- ``claims``: the claim checks (``validate_line``, ``validate_claim``); ``ncci``: the imported NCCI tables.

The core does no I/O of its own beyond reading its data files; answers are frozen values built on every call.
An installed wheel runs the hot path compiled (mypyc, ``hatch_build.py``) from these same sources; ``build()``
says which build is running. ``inputs`` holds what a library caller passes in (never compiled).
"""

from .data_files import data_version
from .errors import RuleInputError
from .units import METHODS, Method, MethodSummary, Service, UnitLine, UnitsResult, compute_units


def build() -> str:
    """'compiled' when the rules core runs as the compiled build (``hatch_build.py``), else 'pure Python'."""
    from .claims import validate

    return "pure Python" if (validate.__file__ or "").endswith(".py") else "compiled"


__all__ = [
    "METHODS",
    "Method",
    "MethodSummary",
    "RuleInputError",
    "Service",
    "UnitLine",
    "UnitsResult",
    "build",
    "compute_units",
    "data_version",
]
