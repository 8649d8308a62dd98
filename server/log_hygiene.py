"""Logs never carry claim data: codes, dates of service, amounts or any other tool argument.

The server logs to stderr only (stdout is the stdio wire), at WARNING unless CPT97124_LOG_LEVEL says
otherwise, because the SDK logs tool error texts (which quote the bad value) at INFO. Exception messages
can quote caller data too ("Unknown prompt: <name>", a KeyError of a code), so every handler on the root
logger gets a filter that keeps the traceback's frames and the exception's type but withholds its message.
"""

from __future__ import annotations

import logging
import os
import traceback
from typing import Literal, cast

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
WITHHELD = "<message withheld: it may quote claim data>"


def log_level() -> LogLevel:
    """WARNING unless CPT97124_LOG_LEVEL names another level."""
    level = os.environ.get("CPT97124_LOG_LEVEL", "WARNING").upper()
    return cast(LogLevel, level if level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL") else "WARNING")


class WithholdExceptionText(logging.Filter):
    """Replace a record's exception by its frames and type name, without the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            frames = "".join(traceback.format_tb(tb))
            record.exc_text = f"Traceback (most recent call last):\n{frames}{kind.__name__}: {WITHHELD}"
            record.exc_info = None
        return True


def guard_log_handlers() -> None:
    """Put the filter on every root handler (handlers, not loggers, see records of every logger)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, WithholdExceptionText) for f in handler.filters):
            handler.addFilter(WithholdExceptionText())
