"""Groups, their members (with each physician's consent), one-time invitations, and the record of
every read of a physician's data by someone else."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from rvuedge.timeutil import utc_now


class GroupRole(StrEnum):
    """admin: manages the group and reads what members share; viewer: reads what members share;
    member: a physician whose numbers can be shared (sees only names)."""

    admin = "admin"
    viewer = "viewer"
    member = "member"


class SharingScope(StrEnum):
    """What a member lets the group's admins and viewers read: nothing (the default), period
    totals with benchmark position and pace, or those and the case list (never notes)."""

    none = "none"
    totals = "totals"
    cases = "cases"


READERS = frozenset({GroupRole.admin, GroupRole.viewer})  # who reads what members share
SHARERS = frozenset({GroupRole.admin, GroupRole.member})  # whose numbers can be shared


class ShareGroup(SQLModel, table=True):
    __tablename__ = "share_group"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=100)
    created_by: uuid.UUID | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class GroupMember(SQLModel, table=True):
    """One user in one group, with one role and (for a physician) what they share."""

    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: uuid.UUID = Field(foreign_key="share_group.id", ondelete="CASCADE", index=True)
    user_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    role: str = Field(max_length=10)
    scope: str = Field(default=SharingScope.none.value, max_length=10)
    case_log: bool = False  # the resident's case-log progress, a scope of its own
    joined_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    sharing_changed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True))
    )


class GroupInvitation(SQLModel, table=True):
    """A one-time code to join a group with a role. Only the code's hash is kept."""

    __tablename__ = "group_invitation"

    id: int | None = Field(default=None, primary_key=True)
    group_id: uuid.UUID = Field(foreign_key="share_group.id", ondelete="CASCADE", index=True)
    role: str = Field(max_length=10)
    code_hash: str = Field(max_length=64, unique=True)
    created_by: uuid.UUID | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    used_by: uuid.UUID | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )


class AccessRecord(SQLModel, table=True):
    """One read of a physician's data by someone else. Names are kept as they were, so the record
    outlives the viewer's account and the group."""

    __tablename__ = "access_record"
    __table_args__ = (Index("ix_access_record_owner_at", "owner_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user_account.id", ondelete="CASCADE")
    viewer_id: uuid.UUID | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    viewer_name: str = Field(max_length=100)
    group_id: uuid.UUID | None = Field(
        default=None, foreign_key="share_group.id", ondelete="SET NULL"
    )
    group_name: str = Field(max_length=100)
    what: str = Field(max_length=30)
    detail: str = Field(default="", max_length=200)
    at: datetime = Field(
        default_factory=utc_now, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
