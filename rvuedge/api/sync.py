from typing import Annotated

from fastapi import APIRouter, Query

from rvuedge.api.auth import CurrentUser, UserToday
from rvuedge.cases import sync
from rvuedge.cases.schemas.sync import SyncBatchIn, SyncBatchOut, SyncFeed
from rvuedge.deps import Now, SessionDep
from rvuedge.errors import SIGNED_IN_RESPONSES
from rvuedge.schemas import InstantIn

router = APIRouter(prefix="/cases", tags=["sync"])


@router.get("/sync", response_model=SyncFeed, responses=SIGNED_IN_RESPONSES)
def sync_feed(
    session: SessionDep,
    user: CurrentUser,
    cursor: Annotated[
        str | None,
        Query(
            max_length=100,
            description="The `next_cursor` of the previous page; omit it to start from the "
            "beginning.",
        ),
    ] = None,
    since: Annotated[
        InstantIn | None,
        Query(
            description="Instead of a cursor: start with the first change recorded after this "
            "instant (with its UTC offset). Kept for older clients; prefer cursors.",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Changes per page.")] = 100,
) -> SyncFeed:
    """Your cases created, changed or deleted after the cursor, oldest change first, each once
    in its latest state. Every change has a sequence number, so no change is missed or repeated
    whatever the clocks say."""
    return sync.feed(session, user=user, cursor=cursor, since=since, limit=limit)


@router.post("/sync", response_model=SyncBatchOut, responses=SIGNED_IN_RESPONSES)
def sync_batch(
    session: SessionDep, user: CurrentUser, today: UserToday, now: Now, data: SyncBatchIn
) -> SyncBatchOut:
    """Send up to 100 creates, updates and deletes made offline. Each is answered on its own:
    created, updated, deleted, unchanged (a retry already applied), conflict (with the server's
    case and version), not_found or invalid. Retrying the whole batch is safe."""
    results = sync.apply_batch(session, user=user, operations=data.operations, today=today, now=now)
    session.commit()
    return SyncBatchOut(results=results)
