"""The one error type of the rules core: bad input, named by field, with what is allowed."""

from __future__ import annotations


class RuleInputError(ValueError):
    """Input the rules cannot use. ``field`` is a dotted path such as ``services[2].minutes``."""

    def __init__(self, field: str, problem: str, allowed: str) -> None:
        self.field = field
        self.problem = problem
        self.allowed = allowed
        super().__init__(f"{field}: {problem}; allowed: {allowed}")
