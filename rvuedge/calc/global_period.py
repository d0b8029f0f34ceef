"""Which lines open a global period for this physician, and its dates (wrvu-rules.md 2.3). Pure.

A 090 window runs from the day before the procedure to 90 days after it, a 010 window from the
day of the procedure to 10 days after, a 000 window is the day itself. Who carries it:

- the surgeon who did the procedure (also with -54, surgical care only, and -79/-58, which start
  a new period);
- not a return to the operating room (-78): it continues the original procedure's period;
- not an assistant (-80/-81/-82/-AS): the global package belongs to the surgeon;
- not a line billed for post-operative care only (-55) or pre-operative care only (-56), unless
  -54 is on it too: that physician manages part of someone else's period, and opens none.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from rvuedge.calc.modifiers import ASSISTANT

# The CMS global periods (GLOB DAYS): days after surgery, or a letter code with no window.
GlobalDays = Literal["000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"]
DAYS_AFTER = {"090": 90, "010": 10, "000": 0}
DAYS_BEFORE = {"090": 1, "010": 0, "000": 0}


class NoWindow(StrEnum):
    """Why a line with a 000/010/090 code opens no global period for this physician."""

    RETURN_TO_OR = "return_to_or"
    ASSISTANT = "assistant"
    SPLIT_CARE_ONLY = "split_care_only"


REASONS = {
    NoWindow.RETURN_TO_OR: "-78 continues the original procedure's global period; it starts none",
    NoWindow.ASSISTANT: "an assistant at surgery carries no global period",
    NoWindow.SPLIT_CARE_ONLY: "pre- or post-operative care only (-55/-56 without -54) "
    "opens no global period",
}


def no_window_reason(modifiers: Iterable[str]) -> NoWindow | None:
    """None when the line carries its own global period, else why it does not."""
    mods = set(modifiers)
    if "78" in mods:
        return NoWindow.RETURN_TO_OR
    if mods & (ASSISTANT | {"AS"}):
        return NoWindow.ASSISTANT
    if mods & {"55", "56"} and "54" not in mods:
        return NoWindow.SPLIT_CARE_ONLY
    return None


def period_dates(global_days: str | None, date_of_service: date) -> tuple[date, date] | None:
    """The window of a 000/010/090 procedure done on date_of_service; None for other codes."""
    if global_days not in DAYS_AFTER:
        return None
    return (
        date_of_service - timedelta(days=DAYS_BEFORE[global_days]),
        date_of_service + timedelta(days=DAYS_AFTER[global_days]),
    )


def line_window(
    global_days: str | None, date_of_service: date, modifiers: Iterable[str]
) -> tuple[date, date] | None:
    """The global period this line opens for the physician who logged it, if any."""
    if no_window_reason(modifiers) is not None:
        return None
    return period_dates(global_days, date_of_service)


def covering(windows: Iterable[tuple[date, date]], on: date) -> tuple[date, date] | None:
    """Of several windows, the one covering `on` that ends last; else the one that ends last."""
    ordered = sorted(windows, key=lambda w: (w[1], w[0]))
    inside = [w for w in ordered if w[0] <= on <= w[1]]
    if inside:
        return inside[-1]
    return ordered[-1] if ordered else None
