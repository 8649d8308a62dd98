"""A tool's answer as JSON-ready data in its output model's shape, sent as it is.

The tools that answer on every call (compute_units, validate_claim_line, validate_claim) build their answer as
plain data and return it as ``Answer[OutputModel]``: the server publishes ``OutputModel``'s schema and sends the
data with one serialisation for the text block, instead of validating a model and dumping it twice (that cost
more than the unit rules themselves). Property tests hold every builder to its model
(``tests/test_answers.py``, ``tests/test_batch_answer.py``), and the SDK client checks each result against the
published schema in the protocol tests.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class Answer(Generic[M]):
    """JSON-ready data in the shape and field order of the output model ``M``."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
