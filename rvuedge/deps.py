"""Shared dependencies, declared once as Annotated aliases."""

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends

from rvuedge.config import get_settings
from rvuedge.timeutil import utc_now


def get_now() -> datetime:
    """The current instant (UTC); a dependency so tests can pin it."""
    return utc_now()


def get_today(now: Annotated[datetime, Depends(get_now)]) -> date:
    """Today's calendar date in the deployment's default time zone."""
    return now.astimezone(ZoneInfo(get_settings().DEFAULT_TIMEZONE)).date()


Now = Annotated[datetime, Depends(get_now)]
Today = Annotated[date, Depends(get_today)]
