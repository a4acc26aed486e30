"""Structured logs: one JSON object per line on standard error.

Log with ``logger.info("job.activated", extra={"fields": {"id": 1, "target": "example.com"}})``;
the ``fields`` mapping is merged into the JSON object. Secrets must never be passed.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

__all__ = ["JSONFormatter", "configure_logging", "log_event"]


class JSONFormatter(logging.Formatter):
    """Formats a record as ``{"ts", "level", "logger", "event", ...fields}``."""

    def format(self, record: logging.LogRecord) -> str:
        """Render one record as a JSON line.

        Args:
            record: the log record; its ``fields`` attribute (a dict, from ``extra``) is merged
                into the object, and its exception, if any, is added as ``exception``.

        Returns:
            The JSON object on one line, without the newline.
        """
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update(fields)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send every log record (uvicorn's included) to standard error as JSON lines.

    Args:
        level: the root level name (``DEBUG``, ``INFO``, ``WARNING``, ``ERROR``).
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log a structured event.

    Args:
        logger: the module's logger.
        event: a dotted event name such as ``job.activated``.
        level: the logging level.
        **fields: JSON-ready values added to the line.
    """
    if logger.isEnabledFor(level):
        logger.log(level, event, extra={"fields": fields})
