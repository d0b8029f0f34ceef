"""Shapes of the sync feed (GET /cases/sync) and the offline batch (POST /cases/sync)."""

import uuid
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from rvuedge.cases.schemas.credit import CaseOut
from rvuedge.cases.schemas.entry import CaseCreate, CaseUpdate
from rvuedge.cases.schemas.examples import (
    SYNC_BATCH_EXAMPLES,
    SYNC_FEED_EXAMPLES,
    SYNC_RESULTS_EXAMPLES,
)
from rvuedge.cases.schemas.fields import MAX_VERSION
from rvuedge.schemas import Instant

MAX_BATCH = 100


class ChangeKind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class SyncChange(BaseModel):
    """The latest state of one case that changed after the cursor."""

    id: uuid.UUID = Field(description="The case's id.")
    change: ChangeKind = Field(
        description="created (never changed since), updated, or deleted (a tombstone)."
    )
    version: int = Field(description="The case's version after this change.")
    changed_at: Instant = Field(description="When the server recorded the change (UTC).")
    case: CaseOut | None = Field(description="The case as it is now; null for a deleted case.")


class SyncFeed(BaseModel):
    """One page of the change feed, in the order the server recorded the changes."""

    model_config = ConfigDict(json_schema_extra={"examples": SYNC_FEED_EXAMPLES})

    changes: list[SyncChange] = Field(description="Changes after the cursor, oldest first.")
    next_cursor: str = Field(
        description="Opaque; send it as `cursor` to get the changes after this page. "
        "Store it even when `changes` is empty."
    )
    has_more: bool = Field(description="True when more changes wait after this page.")


class SyncCreate(CaseCreate):
    """A case logged offline, with the id the phone gave it."""

    id: uuid.UUID = Field(
        description="The id the phone gave the case; required, so that a retry is recognised."
    )


class CreateOperation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op: Literal["create"] = Field(description="Log a new case.")
    case: SyncCreate = Field(description="The case, with the id the phone chose.")


class UpdateOperation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op: Literal["update"] = Field(description="Change a case the phone saw at `changes.version`.")
    id: uuid.UUID = Field(description="The case to change.")
    changes: CaseUpdate = Field(description="As for PATCH /cases/{id}, with the version seen.")


class DeleteOperation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    op: Literal["delete"] = Field(description="Delete a case the phone saw at `version`.")
    id: uuid.UUID = Field(description="The case to delete.")
    version: int = Field(ge=1, le=MAX_VERSION, description="The version the phone last saw.")


SyncOperation = Annotated[
    CreateOperation | UpdateOperation | DeleteOperation, Field(discriminator="op")
]


class SyncBatchIn(BaseModel):
    """Changes made offline, in the order they were made."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": SYNC_BATCH_EXAMPLES},
    )

    operations: list[SyncOperation] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description=f"Up to {MAX_BATCH} changes made offline, applied in order.",
    )


class ItemStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"
    INVALID = "invalid"


class ItemError(BaseModel):
    loc: list[str | int] = Field(description="Where in the operation the problem is.")
    msg: str = Field(description="What is wrong there.")


class SyncResult(BaseModel):
    """What became of one operation; the others do not depend on it."""

    index: int = Field(description="The operation's position in the batch, from 0.")
    op: Literal["create", "update", "delete"] = Field(description="The operation's kind.")
    id: uuid.UUID = Field(description="The case the operation named.")
    status: ItemStatus = Field(
        description="created, updated or deleted: applied; unchanged: a retry the server already "
        "had; conflict: the server's case differs (see `case` and `server_version`); not_found: "
        "no such case of yours; invalid: the change breaks a rule (see `detail`, `errors`)."
    )
    case: CaseOut | None = Field(
        default=None, description="The case as the server now has it (null when deleted or absent)."
    )
    server_version: int | None = Field(
        default=None, description="The server's version of the case, when it has one."
    )
    detail: str | None = Field(default=None, description="Why the operation was not applied.")
    errors: list[ItemError] = Field(
        default_factory=list, description="Field-level problems of an invalid operation."
    )


class SyncBatchOut(BaseModel):
    """What became of each operation of a batch."""

    model_config = ConfigDict(json_schema_extra={"examples": SYNC_RESULTS_EXAMPLES})

    results: list[SyncResult] = Field(description="One result per operation, in the same order.")
