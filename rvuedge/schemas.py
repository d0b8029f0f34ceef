"""Shared request and response types.

Inputs are strict where lax parsing would guess: a date is only ever `YYYY-MM-DD` (never a number
of seconds), an instant must carry its UTC offset, a boolean is only `true` or `false`. Bounds keep
date arithmetic and database integers from overflowing. Every instant the API returns is UTC with
its offset (`...Z`).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    StrictBool,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from rvuedge.calc import numbers

# Exact Decimal inside, a JSON number outside (values are already rounded where they are made).
Num = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


@dataclass(frozen=True)
class StrictNumber:
    """Pydantic metadata for a Decimal given by a client as a JSON number or as text, read by the
    one strict rule (calc.numbers): ASCII digits, sign and point only, bounded, range checked
    before conversion. The JSON schema states the same rule: the number's bounds, the text's
    pattern and length. Used as `Annotated[Decimal, strict_number(...)]`, a type mypy reads."""

    bounds: numbers.Bounds
    description: str | None = None
    examples: tuple[Any, ...] = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._read, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        if handler.mode != "validation":  # an answer carries the Decimal as it serializes
            return handler(schema)
        bounds = self.bounds
        stated: dict[str, Any] = {
            "anyOf": [
                {"type": "number", "minimum": float(bounds.low), "maximum": float(bounds.high)},
                {"type": "string", "pattern": bounds.pattern(), "maxLength": numbers.MAX_TEXT},
            ]
        }
        if self.description:
            stated["description"] = self.description
        if self.examples:
            stated["examples"] = list(self.examples)
        return stated

    def _read(self, value: Any) -> Decimal:
        return numbers.read(value, self.bounds)


def strict_number(
    low: int | str | Decimal,
    high: int | str | Decimal,
    *,
    places: int = 0,
    what: str = "number",
    description: str | None = None,
    examples: list[Any] | None = None,
) -> StrictNumber:
    """The strict-number rule for amounts from `low` to `high` with at most `places` decimals."""
    bounds = numbers.Bounds(Decimal(low), Decimal(high), places, what)
    return StrictNumber(bounds, description, tuple(examples or ()))


# Control characters: a note may hold tab and newline, any other text none (http/control_chars
# refuses them in every JSON body; these types also guard models built in-process, e.g. imports).
_NOT_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NOT_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(value: str) -> str:
    value = value.strip()
    if _NOT_IN_LINE.search(value):
        raise ValueError("must be one line without tabs or control characters")
    return value


def _note_text(value: str) -> str:
    if _NOT_IN_TEXT.search(value):
        raise ValueError("must not hold control characters (tabs and line breaks are fine)")
    return value


# A name, site, label or reference: trimmed, one line, no control characters.
OneLine = Annotated[str, AfterValidator(_one_line)]


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


# A name the user gives something (a template, a plan, themselves): a OneLine, not blank.
Name = Annotated[str, AfterValidator(_one_line), AfterValidator(_not_blank)]
# A free-text note: tabs and line breaks allowed, other control characters refused.
NoteText = Annotated[str, AfterValidator(_note_text)]

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
# Offsets and page positions far beyond any real log, but well inside a 64-bit integer.
MAX_OFFSET = 1_000_000_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# A "+" in a query string arrives as a space when the client forgot to percent-encode it.
_SPACE_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("must be a calendar date written YYYY-MM-DD")


def _in_range(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"must be between {MIN_DATE} and {MAX_DATE}")
    return value


DateIn = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_in_range),
    Field(description=f"A calendar date, YYYY-MM-DD, between {MIN_DATE} and {MAX_DATE}."),
]


def _iso_instant(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_INSTANT.match(value):
        raise ValueError("must be an ISO 8601 timestamp with a UTC offset")
    return _SPACE_OFFSET.sub(r"\1+\2", value.strip())


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a UTC offset, e.g. 2026-11-27T09:30:00+05:30 or ...Z")
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None
    _in_range(value.date())
    return value


InstantIn = Annotated[
    datetime,
    BeforeValidator(_iso_instant),
    AfterValidator(_aware_utc),
    Field(description="An ISO 8601 timestamp with its UTC offset, e.g. 2026-11-27T09:30:00Z."),
]


def to_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Every instant the API returns: UTC, written with its offset.
Instant = Annotated[datetime, AfterValidator(to_utc)]

# JSON true/false only: 0, 0.0, "yes" are errors, not booleans.
Bool = StrictBool


def _true_or_false(value: object) -> object:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false")


# A boolean in a query string or a form field: the words true and false only (not 0, 1, on, yes).
TextBool = Annotated[bool, BeforeValidator(_true_or_false)]
