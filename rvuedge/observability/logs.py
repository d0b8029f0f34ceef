"""How the server logs: one format for rvuedge and uvicorn alike (RVUEDGE_LOG_FORMAT=text or
json), with a timestamp, the level, the logger and the request id on every record, and every
secret masked (masking.py) whoever wrote the record, its traceback included."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from rvuedge.observability.masking import mask

# The id of the request being served (middleware.py), for every record written while serving it.
request_id: ContextVar[str | None] = ContextVar("rvuedge_request_id", default=None)


class RequestContext(logging.Filter):
    """Adds `request_id` to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def _time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """`2026-12-02T09:30:00.123Z INFO rvuedge [3f2a…] message`, secrets masked."""

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        head = f"{_time(record)} {record.levelname} {record.name}"
        text = f"{head} [{rid}] " if rid else f"{head} "
        text += record.getMessage()
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return mask(text)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        if rid := getattr(record, "request_id", None):
            entry["request_id"] = rid
        if record.exc_info:
            entry["error"] = mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


FORMATTERS = {"text": TextFormatter, "json": JsonFormatter}


def log_config(fmt: str = "text", level: str = "INFO") -> dict[str, Any]:
    """A logging.config.dictConfig for the server process (uvicorn applies it in each worker):
    rvuedge's loggers and uvicorn's write through one handler on stderr."""
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": fmt,
        "filters": ["request"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": RequestContext}},
        "formatters": {name: {"()": cls} for name, cls in FORMATTERS.items()},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": level, "propagate": True},
            "rvuedge": {"handlers": [], "level": level, "propagate": True},
            "sqlalchemy": {"handlers": [], "level": "WARNING", "propagate": True},
            "alembic": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
