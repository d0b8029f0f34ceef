"""Shared dependencies, declared once as Annotated aliases."""

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends

from rvuedge.config import get_settings


def get_today() -> date:
    """Today's calendar date in the deployment's default time zone."""
    return datetime.now(ZoneInfo(get_settings().DEFAULT_TIMEZONE)).date()


Today = Annotated[date, Depends(get_today)]
