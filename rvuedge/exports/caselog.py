"""The case log as rows, one per credited line, read in short pages so memory stays flat.

Each page is its own short read-only transaction (a fresh session), so a long download to a slow
client never holds a transaction open (on SQLite that would keep the WAL from being checkpointed;
on PostgreSQL it would hold a pooled connection). Pages follow the key (date of service,
case id, line position); a case edited while its log is being downloaded can therefore show as it
was before or after the edit.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session

from rvuedge.cases import queries
from rvuedge.db import reading

CENT = Decimal("0.01")
PAGE_SIZE = 2000
NO_CASES = "no cases in this period"


@dataclass(frozen=True)
class LogLine:
    date_of_service: date
    case_id: uuid.UUID
    site: str | None
    setting: str
    role: str
    position: int
    code: str
    name: str | None
    modifiers: list[str]
    units: int
    release: str | None
    base_wrvu: Decimal
    adjustments: list[dict]
    credited: Decimal  # in hundredths: the figure every total adds
    credited_exact: Decimal
    conversion_factor: Decimal
    estimated_payment: Decimal
    payment_locality: str | None
    flags: list[str]
    provisional: bool
    note: str | None

    @property
    def work_only_value(self) -> Decimal:
        """Rounded per line, as the reports' rollup does, so the log's sums equal theirs."""
        return (self.credited * self.conversion_factor).quantize(CENT, ROUND_HALF_UP)

    @property
    def adjustments_text(self) -> str:
        """Each rule with its factor, in the order applied: "multiple_procedure ×0.5; ..."."""
        return "; ".join(
            f"{a['rule']} ×{plain(Decimal(str(a['factor'])))}" for a in self.adjustments
        )


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 10.210000 -> 10.21, 1E+1 -> 10."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def _line(row) -> LogLine:  # noqa: ANN001
    (dos, case_id, site, setting, role, position, code, guide_name, descriptor, modifiers, units,
     release, base, adjustments, credited, factor, payment, locality, flags, provisional,
     note, exact) = row  # fmt: skip
    return LogLine(
        date_of_service=dos,
        case_id=case_id,
        site=site,
        setting=setting,
        role=role,
        position=position,
        code=code,
        name=guide_name or descriptor,
        modifiers=list(modifiers or []),
        units=units,
        release=release,
        base_wrvu=Decimal(base),
        adjustments=list(adjustments or []),
        credited=Decimal(credited).quantize(CENT),  # stored in hundredths: "3.88", not "3.880000"
        credited_exact=Decimal(exact),
        conversion_factor=Decimal(factor),
        estimated_payment=Decimal(payment),
        payment_locality=locality,
        flags=list(flags or []),
        provisional=bool(provisional),
        note=note,
    )


def iter_log_lines(
    bind: Engine, *, user_id: uuid.UUID, start: date, end: date, page_size: int = PAGE_SIZE
) -> Iterator[LogLine]:
    """The user's credited lines dated start..end (deleted cases left out), oldest first."""
    after: queries.LogKey | None = None
    while True:
        with Session(reading(bind)) as session:
            rows = queries.log_page(
                session, user_id=user_id, start=start, end=end, after=after, limit=page_size
            )
        for row in rows:
            yield _line(row)
        if len(rows) < page_size:
            return
        after = queries.log_key(rows[-1])


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    INT = "int"
    WRVU = "wrvu"  # 0.01
    EXACT = "exact"  # as stored
    FACTOR = "factor"
    MONEY = "money"


@dataclass(frozen=True)
class LogColumn:
    header: str
    kind: Kind
    width: int
    value: Callable[[LogLine], object]


def log_columns(*, include_notes: bool) -> list[LogColumn]:
    """The case log's columns, the same in CSV and XLSX."""
    columns = [
        LogColumn("Date of service", Kind.DATE, 12, lambda r: r.date_of_service),
        LogColumn("Case ID", Kind.TEXT, 36, lambda r: str(r.case_id)),
        LogColumn("Site", Kind.TEXT, 18, lambda r: r.site),
        LogColumn("Setting", Kind.TEXT, 12, lambda r: r.setting),
        LogColumn("Role", Kind.TEXT, 11, lambda r: r.role),
        LogColumn("Line", Kind.INT, 5, lambda r: r.position),
        LogColumn("Code", Kind.TEXT, 7, lambda r: r.code),
        LogColumn("Name", Kind.TEXT, 40, lambda r: r.name),
        LogColumn("Modifiers", Kind.TEXT, 10, lambda r: " ".join(r.modifiers)),
        LogColumn("Units", Kind.INT, 6, lambda r: r.units),
        LogColumn("Release", Kind.TEXT, 8, lambda r: r.release),
        LogColumn("Base wRVU", Kind.EXACT, 10, lambda r: r.base_wrvu),
        LogColumn("Adjustments", Kind.TEXT, 36, lambda r: r.adjustments_text),
        LogColumn("Credited wRVU (exact)", Kind.EXACT, 12, lambda r: r.credited_exact),
        LogColumn("Credited wRVU", Kind.WRVU, 10, lambda r: r.credited),
        LogColumn("Conversion factor", Kind.FACTOR, 11, lambda r: r.conversion_factor),
        LogColumn("Work-only value ($)", Kind.MONEY, 12, lambda r: r.work_only_value),
        LogColumn("Estimated payment ($)", Kind.MONEY, 12, lambda r: r.estimated_payment),
        LogColumn("Payment locality", Kind.TEXT, 10, lambda r: r.payment_locality),
        LogColumn("Flags", Kind.TEXT, 20, lambda r: "; ".join(r.flags)),
        LogColumn("Provisional", Kind.TEXT, 11, lambda r: "yes" if r.provisional else "no"),
    ]
    if include_notes:
        columns.append(LogColumn("Note", Kind.TEXT, 40, lambda r: r.note))
    return columns


@dataclass
class RunningTotals:
    """Sums of the lines as credited (hundredths of a wRVU, cents) while lines stream past."""

    lines: int = 0
    cases: int = 0
    credited: Decimal = Decimal(0)
    work_only_value: Decimal = Decimal(0)  # a sum of per-line cents: exact as it stands
    estimated_payment: Decimal = Decimal(0)

    _last_case: uuid.UUID | None = None

    def add(self, line: LogLine) -> None:
        if line.case_id != self._last_case:  # a case's lines arrive together
            self.cases += 1
            self._last_case = line.case_id
        self.lines += 1
        self.credited += line.credited
        self.work_only_value += line.work_only_value
        self.estimated_payment += line.estimated_payment
