"""Uploaded files: read within a size limit, and the JSON mapping form field sent with them."""

import json
from typing import Any

from fastapi import UploadFile

from rvuedge.config import get_settings
from rvuedge.failures import AppError, InvalidInput

CHUNK = 1024 * 1024


class PayloadTooLarge(AppError):
    status_code = 413
    title = "Payload too large"
    type_slug = "payload-too-large"


def read_limited(upload: UploadFile, *, limit: int | None = None) -> bytes:
    """The file's bytes, or 413 when it is larger than the upload limit."""
    limit = limit or get_settings().MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_large(upload.size, limit)
    parts: list[bytes] = []
    size = 0
    while chunk := upload.file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        parts.append(chunk)
    return b"".join(parts)


def _too_large(size: int, limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The file is larger than the upload limit of {limit / 1_000_000:g} MB "
        f"(at least {size / 1_000_000:.1f} MB); split it into smaller files.",
        limit_bytes=limit,
    )


def parse_mapping(text: str | None) -> dict[str, Any] | None:
    """The `mapping` form field: a JSON object of field -> column header (or 1-based number)."""
    if text is None or not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"mapping is not JSON ({exc.msg} at character {exc.pos + 1}).",
            errors=[{"loc": ["body", "mapping"], "msg": "not JSON"}],
        ) from None
    if not isinstance(value, dict):
        raise InvalidInput(
            'mapping must be a JSON object, e.g. {"date_of_service": "Svc Date"}.',
            errors=[{"loc": ["body", "mapping"], "msg": "not an object"}],
        )
    return value
