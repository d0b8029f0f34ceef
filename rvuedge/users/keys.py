"""Which signing key the servers of a database use, checked at start.

The database keeps the id of the key (never the key: see security.key_id). A server started with
another key would sign tokens the others reject (random 401s behind a load balancer), so it
refuses to start, with one line saying what to do. A server that names the recorded key as
RVUEDGE_SECRET_KEY_PREVIOUS is a rotation: the record moves to its new key.
"""

import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from rvuedge import security
from rvuedge.config import Settings, get_settings
from rvuedge.timeutil import utc_now
from rvuedge.users import revocations
from rvuedge.users.models import AuthSession, KeyCheck, RefreshToken

logger = logging.getLogger("rvuedge.security")


def _record(session: Session, key_id: str, now: datetime) -> None:
    check = session.get(KeyCheck, 1)
    if check is None:
        session.add(KeyCheck(id=1, key_id=key_id, recorded_at=now))
        # Refresh tokens from before key ids were issued under the key in use until now.
        session.execute(
            update(RefreshToken).where(col(RefreshToken.key_id).is_(None)).values(key_id=key_id)
        )
    else:
        check.key_id, check.recorded_at = key_id, now
        session.add(check)
    session.flush()


def key_problem(engine: Engine, settings: Settings | None = None) -> str | None:
    """None when this server's key is the database's (recording it the first time, or moving
    the record along a rotation); otherwise one line saying why it must not start."""
    settings = settings or get_settings()
    current, previous = security.accepted_key_ids(settings)
    for _attempt in range(2):  # two servers starting at once both try the first record
        try:
            return _check(engine, settings, current, previous)
        except IntegrityError:
            continue
    return _check(engine, settings, current, previous)


def _check(engine: Engine, settings: Settings, current: str, previous: str | None) -> str | None:
    with Session(engine) as session:
        check = session.get(KeyCheck, 1)
        recorded = check.key_id if check else None
        if recorded == current:
            return None
        if recorded is None or recorded == previous or settings.SECRET_KEY is None:
            if recorded is not None and recorded != previous:
                # The generated development key changed (its file was deleted): adopt the
                # new one; the sessions signed with the old one cannot be refreshed anyway.
                logger.warning("a new development signing key: every session is ended")
                _end_every_session(session, utc_now())
            elif recorded is not None:
                logger.info("signing key rotated: %s replaces %s", current, recorded)
            _record(session, current, utc_now())
            session.commit()
            return None
    return (
        f"this database was last served with another signing key (id {recorded}; this "
        f"server's is {current}): every server of one database needs the same "
        "RVUEDGE_SECRET_KEY. To change the key, set the old one as RVUEDGE_SECRET_KEY_PREVIOUS "
        "(tokens it signed keep working meanwhile), or end every session at once with "
        "`rvuedge users sign-out-all`"
    )


def _end_every_session(session: Session, now: datetime) -> int:
    revocations.mark(session)
    result = session.execute(
        update(AuthSession)
        .where(col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now, revoked_reason="sign_out_all")
    )
    return result.rowcount  # type: ignore[attr-defined]


def sign_out_all(session: Session, *, now: datetime) -> int:
    """End every session of every account, and make this process's key the database's: after
    a key change without a grace period, the servers with the new key may start."""
    ended = _end_every_session(session, now)
    current, _ = security.accepted_key_ids()
    _record(session, current, now)
    return ended
