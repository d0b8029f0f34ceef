from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from rvuedge.api.auth import get_auth, oauth2_scheme
from rvuedge.catalog import answers, code_card, service
from rvuedge.catalog import schemas as s
from rvuedge.catalog.search import Searcher
from rvuedge.catalog.zip_localities import locality_for_zip
from rvuedge.deps import SessionDep, Today, engine_for, request_session
from rvuedge.errors import Problem

router = APIRouter(tags=["catalog"])

CodePath = Annotated[
    str,
    Path(pattern=r"^[A-Za-z0-9]{5}$", description="A five-character CPT/HCPCS code, e.g. 44314."),
]


@router.get(
    "/codes",
    response_model=s.SearchResults,
    responses={401: {"model": Problem}, 422: {"model": Problem}},
)
async def search_codes(
    request: Request,
    today: Today,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    q: Annotated[
        str, Query(max_length=200, description="Code, code prefix (modifiers allowed), or words")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=50, description="How many hits at most (1 to 50).")] = 10,
) -> Response:
    """Quick-entry search: exact code, then code prefix ("2744-RT" searches 2744), then names
    clinicians use (abbreviations, synonyms), tolerant of one typo per word. Words rank the
    common procedure first; signed in (optional bearer token), the profile's specialty breaks
    ties and your codes of the last 180 days come first among equals. Each hit carries its work
    RVU and global period in the release in force today. A code-shaped query that matches
    nothing lists the nearest known codes in `suggestions`."""
    # An anonymous answer already given in this catalog version comes from memory, on the
    # event loop, without a database session (catalog.answers); the rest runs in the pool.
    if not token:
        version = answers.answers.version(engine_for(request).pool)
        if version is not None:
            body = answers.answers.get((version, q, limit, today))
            if body is not None:
                return Response(body, media_type="application/json")
    return await run_in_threadpool(_search_codes, request, token, q, limit, today)


def _search_codes(request: Request, token: str | None, q: str, limit: int, today: date) -> Response:
    started = answers.monotonic()
    with request_session(request) as session:
        user = get_auth(session, token).user if token else None
        searcher = Searcher(specialty=user.specialty, user_id=user.id) if user else None
        results, version = service.search_answer(
            session, query=q, limit=limit, today=today, searcher=searcher
        )
    body = results.model_dump_json(by_alias=True).encode("utf-8")
    if version is not None:
        pool = engine_for(request).pool
        answers.answers.saw_version(pool, version, started)
        if user is None:
            answers.answers.put((version, q, limit, today), body)
    return Response(body, media_type="application/json")


@router.get(
    "/codes/{code}",
    response_model=s.CodeCard,
    responses={404: {"model": Problem}, 422: {"model": Problem}},
)
def get_code(
    session: SessionDep,
    today: Today,
    code: CodePath,
    year: Annotated[
        int | None,
        Query(
            ge=1992,
            le=2100,
            description="Use a release of that year: its newest, or for this year the one in "
            "force today.",
        ),
    ] = None,
    release: Annotated[
        str | None, Query(description="A release by name, e.g. 2026C (wins over year).")
    ] = None,
    modifier: Annotated[
        Literal["26", "TC", "53"] | None,
        Query(description="Show the professional (26), technical (TC) or discontinued (53) row."),
    ] = None,
    locality: Annotated[
        str | None, Query(description="MAC-locality key from /localities, e.g. 01112-54")
    ] = None,
) -> s.CodeCard:
    """The code card. "How it compares" counts the codes of the same category in the same
    release that have a work RVU above zero and no modifier, and ranks this code's work RVU
    among them (percentile interpolated between the category's percentile points)."""
    return code_card.code_card(
        session,
        hcpcs=code.upper(),
        today=today,
        year=year,
        release_name=release,
        modifier=modifier or "",
        locality=locality,
    )


@router.get("/releases", response_model=list[s.ReleasePublic])
def list_releases(session: SessionDep) -> list[s.ReleasePublic]:
    """Fee-schedule releases, oldest first. `is_complete`: every row of the CMS file is stored
    (the seed ships whole releases). `has_descriptors`: the CMS short descriptors were imported
    from the operator's own file (the seed does not ship them). `proposed`: a proposed rule's
    numbers, labelled "proposed" and never used to value a case."""
    return [
        s.ReleasePublic.model_validate(r, from_attributes=True).model_copy(
            update={"label": service.release_label(r)}
        )
        for r in service.list_releases(session, proposed=True)
    ]


@router.get("/localities", response_model=list[s.LocalityPublic])
def list_localities(
    session: SessionDep,
    year: Annotated[
        int | None, Query(ge=1992, le=2100, description="Only the GPCIs of this year.")
    ] = None,
) -> list[s.LocalityPublic]:
    """Medicare localities with their GPCIs (work GPCI with the 1.0 floor), newest year first."""
    return [
        s.LocalityPublic(key=g.key, **g.model_dump(exclude={"id", "source_filename"}))
        for g in service.list_localities(session, year=year)
    ]


@router.get(
    "/localities/by-zip/{zip_code}",
    response_model=s.LocalityPublic,
    responses={404: {"model": Problem}, 422: {"model": Problem}},
)
def locality_by_zip(
    session: SessionDep,
    zip_code: Annotated[
        str, Path(pattern=r"^[0-9]{5}$", description="A five-digit US ZIP code, e.g. 60601.")
    ],
) -> s.LocalityPublic:
    """The Medicare locality of a ZIP code (CMS's ZIP-to-locality file), with its newest GPCIs."""
    g = locality_for_zip(session, zip_code)
    return s.LocalityPublic(key=g.key, **g.model_dump(exclude={"id", "source_filename"}))
