"""The one read surface of the case log.

Every feature outside cases/ (imports, reconciliation, pay plans, reports, exports) reads cases,
their lines and the daily rollup through these functions and never selects from the case tables
itself. Only live cases are read (a deleted case is a tombstone that only the sync feed returns);
`live()` is the one place that says so.
"""

from rvuedge.cases.models import Case as CaseRow
from rvuedge.cases.models import CaseLine as LineRow
from rvuedge.cases.queries.cases import (
    case_totals,
    cases_of_import,
    cases_with,
    cases_with_lines,
    first_case_date,
    is_provisional,
    lines_by_case,
    lines_in_global_period,
    lines_in_range,
    lines_of,
    live,
    live_case,
    live_case_count,
    live_cases,
    provisional_cases,
    provisional_line_count,
    recent_lines,
    releases_used,
)
from rvuedge.cases.queries.log import LogKey, log_key, log_page
from rvuedge.cases.queries.sums import (
    AdjustedLines,
    DaySums,
    GroupBy,
    GroupSums,
    Span,
    adjusted_lines,
    credited_between,
    day_key,
    days,
    from_cents,
    from_micro,
    grouped,
    line_work_cents,
    windows,
)

__all__ = [
    "CaseRow",  # the row types these functions return, for annotations; read them, never write
    "LineRow",
    "AdjustedLines",
    "DaySums",
    "GroupBy",
    "GroupSums",
    "LogKey",
    "Span",
    "adjusted_lines",
    "case_totals",
    "cases_with",
    "cases_with_lines",
    "first_case_date",
    "live_case_count",
    "cases_of_import",
    "credited_between",
    "day_key",
    "days",
    "from_cents",
    "line_work_cents",
    "from_micro",
    "grouped",
    "is_provisional",
    "lines_by_case",
    "lines_in_global_period",
    "lines_in_range",
    "lines_of",
    "live",
    "live_case",
    "live_cases",
    "log_key",
    "log_page",
    "provisional_cases",
    "provisional_line_count",
    "recent_lines",
    "releases_used",
    "windows",
]
