"""Marks a transaction leaves for its commit, and listeners run only at the real COMMIT.

SQLAlchemy calls `after_commit` when a SAVEPOINT is released as well as when the whole
transaction commits, and ends a savepoint's transaction with the same events as the outer one.
A cache that re-read or forgot at a savepoint could keep a state that is not committed yet, or
lose a mark a later commit needed. Here a listener runs once the outermost transaction commits,
and a mark lives until the outermost transaction ends (a savepoint rolled back keeps it: at
worst one needless re-read).
"""

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_MARKS = "rvuedge_commit_marks"

Listener = Callable[[Session], None]


def mark(session: Session, name: str) -> None:
    """Note that this transaction did `name` (read by an after_outer_commit listener)."""
    session.info.setdefault(_MARKS, set()).add(name)


def marked(session: Session, name: str) -> bool:
    return name in session.info.get(_MARKS, ())


def after_outer_commit(listener: Listener) -> Listener:
    """Register `listener` to run after each outermost COMMIT, never at a SAVEPOINT's release."""

    def run(session: Session) -> None:
        if not session.in_nested_transaction():
            listener(session)

    event.listen(Session, "after_commit", run)
    return listener


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a SAVEPOINT inside it
        session.info.pop(_MARKS, None)
