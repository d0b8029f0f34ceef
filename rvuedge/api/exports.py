"""Downloads: the case log as CSV or XLSX, the PDF productivity report, SVG charts."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import StreamingResponse

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.calc.bases import BASES
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES
from rvuedge.exports import service
from rvuedge.exports.inputs import DEFAULT_BASIS, gather, resolve_range
from rvuedge.exports.service import MEDIA_TYPES, CaseLogFormat, ChartName
from rvuedge.schemas import DateIn, TextBool

router = APIRouter(tags=["exports"])

Start = Annotated[
    DateIn | None,
    Query(description="First date of service, YYYY-MM-DD (default: your fiscal year's start)."),
]
End = Annotated[
    DateIn | None, Query(description="Last date of service, YYYY-MM-DD (default: today).")
]


def _binary(media_type: str, what: str) -> dict[int | str, dict[str, object]]:
    return {
        **SIGNED_IN_RESPONSES,
        200: {
            "description": what,
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        },
    }


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get(
    "/exports/cases",
    response_class=StreamingResponse,
    responses={
        **SIGNED_IN_RESPONSES,
        200: {
            "description": "The case log as a file named rvuedge-cases-START-to-END.csv|xlsx",
            "content": {
                MEDIA_TYPES["csv"]: {"schema": {"type": "string"}},
                MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        },
    },
)
def export_cases(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    start: Start = None,
    end: End = None,
    format: Annotated[
        CaseLogFormat, Query(description="csv (streamed) or xlsx (an Excel workbook).")
    ] = CaseLogFormat.CSV,
    include_notes: Annotated[
        TextBool, Query(description="Add each case's free-text note as the last column.")
    ] = False,
) -> StreamingResponse:
    """Your case log, one row per credited line: date of service, case, site, setting, role,
    code and name, modifiers, units, release, base wRVU, each adjustment, credited wRVU (exact and
    rounded), work-only value, estimated payment, flags and whether it is provisional.
    The CSV streams; the workbook adds Monthly (with a chart against the goal), By code and
    Benchmark sheets. Ranges: at most 20 years."""
    first, last = resolve_range(user, today=today, start=start, end=end)
    name = service.file_name("cases", first, last, format.value)
    bind = service.release(session)
    if format == CaseLogFormat.CSV:
        body = service.case_log_csv(
            bind, user_id=user.id, start=first, end=last, include_notes=include_notes
        )
    else:
        body = service.iter_file(
            service.case_log_xlsx(
                bind,
                user=user,
                start=first,
                end=last,
                today=today,
                produced_at=now,
                include_notes=include_notes,
            )
        )
    return StreamingResponse(body, media_type=MEDIA_TYPES[format], headers=_attachment(name))


Basis = Annotated[
    str,
    Query(
        max_length=30,
        description=f"The benchmark's basis, as in /reports/benchmark: {BASES}.",
    ),
]


@router.get(
    "/reports/productivity.pdf",
    response_class=Response,
    responses=_binary(MEDIA_TYPES["pdf"], "A Letter-size PDF, rvuedge-report-START-to-END.pdf"),
)
def productivity_pdf(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    start: Start = None,
    end: End = None,
    basis: Basis = DEFAULT_BASIS,
) -> Response:
    """The productivity report to print or send: who, the period and the CMS releases used;
    credited wRVU, cases, work-only value, estimated payment and percentile; wRVU by month
    against the monthly goal; cumulative wRVU against the annual goal with the pace; case mix;
    the top 15 codes; the benchmark position and what it takes to reach the next points; the
    method in words. The same totals as /reports/totals and /reports/breakdown."""
    first, last = resolve_range(user, today=today, start=start, end=end)
    inputs = gather(
        session, user=user, start=first, end=last, today=today, produced_at=now, basis=basis
    )
    name = service.file_name("report", first, last, "pdf")
    return Response(
        service.productivity_pdf(inputs), media_type=MEDIA_TYPES["pdf"], headers=_attachment(name)
    )


@router.get(
    "/reports/charts/{name}.svg",
    response_class=Response,
    responses={
        **SIGNED_IN_RESPONSES,
        200: {
            "description": "An SVG image (no script, standard fonts)",
            "content": {MEDIA_TYPES["svg"]: {"schema": {"type": "string"}}},
        },
    },
)
def chart(
    session: SessionDep,
    user: CurrentUser,
    today: UserToday,
    now: Now,
    name: Annotated[ChartName, Path(description="Which chart of the productivity report.")],
    start: Start = None,
    end: End = None,
    basis: Basis = DEFAULT_BASIS,
) -> Response:
    """One chart of the productivity report as SVG, for a client without a chart library:
    monthly (wRVU by month and the goal), cumulative (against the goal, with the pace),
    case_mix (by category) or benchmark (your place on the table's percentile curve)."""
    first, last = resolve_range(user, today=today, start=start, end=end)
    inputs = gather(
        session, user=user, start=first, end=last, today=today, produced_at=now, basis=basis
    )
    return Response(service.chart_svg(inputs, name), media_type=MEDIA_TYPES["svg"])
