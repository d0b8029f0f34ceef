"""A saved site: where a physician works, with the setting and locality its cases are priced at."""

import uuid
from datetime import datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.stamps import SETTINGS, watch
from rvuedge.timeutil import utc_now


class Site(SQLModel, table=True):
    __tablename__ = "site"
    # One site per name per user; name_key is the name trimmed and case-folded.
    __table_args__ = (UniqueConstraint("user_id", "name_key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=400)  # case folding can lengthen a name ("ß" -> "ss")
    setting: str = Field(max_length=20)
    locality: str | None = Field(default=None, max_length=8)
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


def name_key(name: str) -> str:
    """How site names are matched: trimmed, inner spaces collapsed, case-insensitive."""
    return " ".join(name.split()).casefold()


# Processes cache each user's saved sites per settings stamp (rvuedge/stamps.py).
watch(Site, SETTINGS)
