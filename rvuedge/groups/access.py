"""The access record: every read of a physician's data by someone else, and the physician's list
of who looked."""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from rvuedge.groups.models import AccessRecord, ShareGroup
from rvuedge.groups.schemas import AccessLog, AccessOut
from rvuedge.timeutil import as_utc
from rvuedge.users.models import User


def record(
    session: Session,
    *,
    owner: User,
    viewer: User,
    group: ShareGroup,
    what: str,
    detail: str,
    now: datetime,
) -> None:
    """Note one read (in the same unit of work as the read itself). Your own reads are not
    someone else's and are not noted."""
    if owner.id == viewer.id:
        return
    session.add(
        AccessRecord(
            owner_id=owner.id,
            viewer_id=viewer.id,
            viewer_name=viewer.display_name,
            group_id=group.id,
            group_name=group.name,
            what=what,
            detail=detail[:200],
            at=now,
        )
    )


def access_log(session: Session, *, user: User, limit: int, offset: int) -> AccessLog:
    mine = col(AccessRecord.owner_id) == user.id
    count = session.exec(select(func.count()).select_from(AccessRecord).where(mine)).one()
    rows = session.exec(
        select(AccessRecord)
        .where(mine)
        .order_by(col(AccessRecord.at).desc(), col(AccessRecord.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return AccessLog(
        records=[
            AccessOut(
                at=as_utc(r.at),
                viewer_id=r.viewer_id,
                viewer_name=r.viewer_name,
                group_id=r.group_id,
                group_name=r.group_name,
                what=r.what,
                detail=r.detail,
            )
            for r in rows
        ],
        count=count,
    )
