"""Cell values: dates (ISO, US MM/DD/YYYY, Excel serial numbers), codes, modifiers, units,
settings and roles. Pure; each reader returns the value or raises ValueError saying what it wants.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from rvuedge.calc import numbers
from rvuedge.imports.tabular import Cell, is_blank

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, its leap-year bug included
EXCEL_SERIALS = range(1, 2_958_466)  # up to 9999-12-31
# ASCII digits only ([0-9]; \d would read other scripts' digits too).
_US = re.compile(r"^([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{2}|[0-9]{4})$")
_ISO = re.compile(
    r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9:.]{1,15}(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$"
)
_SERIAL = re.compile(r"[0-9]{1,7}(\.[0-9]{1,12})?")
_CODE = re.compile(r"^[A-Z0-9]{5}$")
_CODE_PARTS = re.compile(r"[\s\-,;:]+")
_MODIFIER_PARTS = re.compile(r"[\s\-,;/|+]+")
_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
DATE_FORMS = "use YYYY-MM-DD, MM/DD/YYYY or an Excel date"

# CMS place-of-service codes priced at the facility rate; other known codes are non-facility.
FACILITY_POS = frozenset(
    {"19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"}
)
SETTING_WORDS = {
    "facility": "facility",
    "fac": "facility",
    "f": "facility",
    "hospital": "facility",
    "inpatient": "facility",
    "outpatienthospital": "facility",
    "asc": "facility",
    "or": "facility",
    "nonfacility": "non_facility",
    "nf": "non_facility",
    "office": "non_facility",
    "clinic": "non_facility",
}
ROLE_WORDS = {
    "surgeon": "surgeon",
    "primary": "surgeon",
    "primarysurgeon": "surgeon",
    "attending": "surgeon",
    "assistant": "assistant",
    "assist": "assistant",
    "firstassist": "assistant",
    "assistantsurgeon": "assistant",
    "cosurgeon": "co_surgeon",
    "co": "co_surgeon",
    "teaching": "teaching",
    "teachingphysician": "teaching",
}


# The mapping's date_format: which part of a day-month date comes first.
DATE_FORMATS = {
    "YYYY-MM-DD": "ymd",
    "MM/DD/YYYY": "mdy",
    "DD/MM/YYYY": "dmy",
    "MM.DD.YYYY": "mdy",
    "DD.MM.YYYY": "dmy",
    "MM-DD-YYYY": "mdy",
    "DD-MM-YYYY": "dmy",
}
DATE_FORMAT_HELP = (
    "Dates are read as YYYY-MM-DD, MM/DD/YYYY or Excel dates; a file that writes them otherwise "
    'says how with "date_format": one of ' + ", ".join(DATE_FORMATS) + " (a dotted or dashed "
    "day-month date without it is refused, never guessed)."
)


def read_date(cell: Cell, order: str | None = None) -> date:
    """A date cell. Without a stated order (the mapping's date_format): ISO dates, and dates
    with slashes as US files write them (MM/DD/YYYY); a dotted or dashed day-month date
    (05.03.2026: 5 March or May 3?) is refused, asking for the format."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _serial(cell)
    text = str(cell).strip()
    if _SERIAL.fullmatch(text):
        return _serial(float(text))
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, text)
    match = _US.match(text)
    if match:
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            year += 2000
        if order is None and match[2] != "/":
            how = (
                "could be read day first or month first"
                if first <= 12 and second <= 12
                else "is not written YYYY-MM-DD or MM/DD/YYYY"
            )
            raise ValueError(
                f"{text!r} {how}; say how your dates are written with the "
                'mapping\'s date_format, e.g. {"date_format": "DD.MM.YYYY"} or "MM.DD.YYYY"'
            )
        if order == "dmy":
            first, second = second, first
        return _make(year, first, second, text)
    raise ValueError(f"{text!r} is not a date ({DATE_FORMS})")


def _serial(number: float) -> date:
    whole = int(number)
    if whole not in EXCEL_SERIALS:
        raise ValueError(f"{number:g} is not a date ({DATE_FORMS})")
    return EXCEL_EPOCH + timedelta(days=whole)


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None


def read_code(cell: Cell) -> tuple[str, list[str]]:
    """The code, and any modifiers written after it ("49505-RT", "27447 50")."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        text = f"{cell:05d}"  # a spreadsheet drops the leading zeros of 00100
    else:
        text = str(cell).strip().upper()
    code, *rest = [p for p in _CODE_PARTS.split(text) if p]
    if code.isdigit() and len(code) < 5:
        code = code.zfill(5)
    if not _CODE.match(code):
        raise ValueError(f"{text!r} is not a CPT/HCPCS code (five letters or digits)")
    return code, read_modifiers(" ".join(rest)) if rest else []


def read_modifiers(cell: Cell) -> list[str]:
    """Modifiers from one cell: "50", "RT LT", "22,59", "-80", "26-59"."""
    if is_blank(cell):
        return []
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = f"{cell:02d}" if isinstance(cell, int) and not isinstance(cell, bool) else str(cell)
    parts = [p for p in _MODIFIER_PARTS.split(text.strip().upper()) if p]
    for part in parts:
        if not _MODIFIER.match(part):
            raise ValueError(f"{part!r} is not a modifier (two letters or digits)")
    return parts


UNITS = numbers.Bounds(Decimal(1), Decimal(99), 0, "units")
SIGNED_UNITS = numbers.Bounds(Decimal(-99), Decimal(99), 0, "units")  # a reversal is -1
WRVU = numbers.Bounds(Decimal(-10_000), Decimal(10_000), 6, "wRVU")
# Thousands separators as billing extracts write them ("1,234.50"), in whole groups of three.
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", re.ASCII)


def _number_text(cell: Cell) -> object:
    """A cell as the number rule reads it: a spreadsheet's number as is, text exactly as written
    (" 5 " is refused like "5x": the rule allows digits, a sign and a point only)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    return str(cell)


def read_units(cell: Cell, *, allow_negative: bool = False) -> int:
    if is_blank(cell):
        return 1
    bounds = SIGNED_UNITS if allow_negative else UNITS
    units = int(numbers.read(_number_text(cell), bounds))
    if units == 0:
        raise ValueError("0 units: expected 1 to 99, or -99 to -1 for a reversal")
    return units


def read_decimal(cell: Cell) -> Decimal | None:
    if is_blank(cell):
        return None
    value = _number_text(cell)
    if isinstance(value, str):
        if value.startswith("(") and value.endswith(")"):  # accounting negative
            value = "-" + value[1:-1]
        if _GROUPED.fullmatch(value):
            value = value.replace(",", "")
    return numbers.read(value, WRVU)


def read_setting(cell: Cell) -> str | None:
    if is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    if text.isdigit():
        return "facility" if text.zfill(2) in FACILITY_POS else "non_facility"
    word = SETTING_WORDS.get(re.sub(r"[^a-z]", "", text.lower()))
    if word is None:
        raise ValueError(
            f"{text!r} is not a setting (facility, non_facility, or a place-of-service code)"
        )
    return word


def read_role(cell: Cell) -> str | None:
    if is_blank(cell):
        return None
    word = ROLE_WORDS.get(re.sub(r"[^a-z]", "", str(cell).lower()))
    if word is None:
        raise ValueError(f"{cell!r} is not a role (surgeon, assistant, co_surgeon, teaching)")
    return word


def read_text(cell: Cell, *, limit: int) -> str | None:
    if is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = " ".join(str(cell).split())
    if len(text) > limit:
        raise ValueError(f"longer than {limit} characters")
    return text
