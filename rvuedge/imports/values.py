"""Cell values: dates (ISO, US MM/DD/YYYY, Excel serial numbers), codes, modifiers, units,
settings and roles. Pure; each reader returns the value or raises ValueError saying what it wants.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from rvuedge.imports.tabular import Cell, is_blank

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, its leap-year bug included
EXCEL_SERIALS = range(1, 2_958_466)  # up to 9999-12-31
_US = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_CODE = re.compile(r"^[A-Z0-9]{5}$")
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


def read_date(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _serial(cell)
    text = str(cell).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial(float(text))
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, text)
    match = _US.match(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        return _make(year, month, day, text)
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
    code, *rest = [p for p in re.split(r"[\s\-,;:]+", text) if p]
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
    parts = [p for p in re.split(r"[\s\-,;/|+]+", text.strip().upper()) if p]
    for part in parts:
        if not _MODIFIER.match(part):
            raise ValueError(f"{part!r} is not a modifier (two letters or digits)")
    return parts


def read_units(cell: Cell, *, allow_negative: bool = False) -> int:
    if is_blank(cell):
        return 1
    try:
        number = Decimal(str(cell).strip())
    except InvalidOperation:
        raise ValueError(f"{cell!r} is not a number of units") from None
    if number != number.to_integral_value():
        raise ValueError(f"{cell!r} is not a whole number of units")
    units = int(number)
    if allow_negative and units != 0 and -99 <= units <= 99:
        return units
    if not 1 <= units <= 99:
        raise ValueError(f"{units} units: expected 1 to 99")
    return units


def read_decimal(cell: Cell) -> Decimal | None:
    if is_blank(cell):
        return None
    text = str(cell).strip().replace(",", "")
    if text.startswith("(") and text.endswith(")"):  # accounting negative
        text = "-" + text[1:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{cell!r} is not a number") from None
    if not value.is_finite() or abs(value) > 10_000:
        raise ValueError(f"{cell!r} is not a plausible wRVU value")
    return value


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
