"""The one way to reach rows a user owns. Another user's row does not exist: 404, never 403."""

import uuid
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.expression import SelectOfScalar

from rvuedge.failures import NotFound

T = TypeVar("T", bound=SQLModel)


def owned_select(model: type[T], user_id: uuid.UUID) -> SelectOfScalar[T]:
    """A select of model rows restricted to the user's own."""
    return select(model).where(model.user_id == user_id)  # type: ignore[attr-defined]


def get_owned(
    session: Session,
    model: type[T],
    *,
    user_id: uuid.UUID,
    row_id: Any,
    what: str,
    key: str = "id",
) -> T:
    """The user's row with this id, or NotFound (also for rows of other users and tombstones).
    key names the column the API's id is in (a case's is its per-owner client_id)."""
    statement = owned_select(model, user_id).where(getattr(model, key) == row_id)
    if hasattr(model, "deleted_at"):
        statement = statement.where(model.deleted_at.is_(None))  # type: ignore[attr-defined]
    row = session.exec(statement).first()
    if row is None:
        raise NotFound(f"No {what} with id {row_id}.")
    return row
