"""Every change to a case takes the next number of its owner's change counter.

The sync feed pages by that number, so it never depends on clocks. Taking the number updates the
owner's row, which holds that row's lock until commit: one user's changes commit in number order,
so a reader that has seen number n has seen every change numbered below n. It is done at flush
time for any new case and any case whose version moved, so no code path can forget it.
"""

from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import col

from rvuedge.cases.models import Case
from rvuedge.users.models import User


def _changed(case: Case) -> bool:
    state = inspect(case)
    return state.pending or state.attrs.version.history.has_changes()


@event.listens_for(OrmSession, "before_flush")
def _number_case_changes(session: OrmSession, _flush: UOWTransaction, _instances: Any) -> None:
    for case in [*session.new, *session.dirty]:
        if isinstance(case, Case) and _changed(case):
            case.change_seq = next_change(session, case.user_id)


def next_change(session: OrmSession, user_id: Any) -> int:
    return reserve_changes(session, user_id, 1)


def reserve_changes(session: OrmSession, user_id: Any, count: int) -> int:
    """Take `count` numbers of the owner's change counter at once; the last one taken."""
    statement = (
        update(User)
        .where(col(User.id) == user_id)
        .values(change_seq=col(User.change_seq) + count)
        .returning(col(User.change_seq))
        .execution_options(synchronize_session=False)
    )
    return int(session.execute(statement).scalar_one())
