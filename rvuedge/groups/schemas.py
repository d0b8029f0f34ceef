"""Request and response shapes of groups, sharing and the access log."""

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rvuedge.groups.models import GroupRole, SharingScope
from rvuedge.reports.schemas import GoalProgress, PaceOut
from rvuedge.schemas import Instant, Num

GroupName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$"
    ),
]
GROUP_ID = "3f2b8c1e-7d4a-4f7e-9a51-2c6d8e0f1a23"
USER_ID = "9b1c2d3e-4f50-4a6b-8c7d-0e1f2a3b4c5d"


class GroupIn(BaseModel):
    """A new group; you become its admin."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Hernia partners"}]}
    )

    name: GroupName = Field(description="The group's name (1-100 characters).")


class InvitationIn(BaseModel):
    """An invitation to the group with one role."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "member"}]})

    role: GroupRole = Field(
        description="admin (manages the group, reads what members share), viewer (reads what "
        "members share) or member (a physician who may share their numbers)."
    )


class InvitationOut(BaseModel):
    """A one-time code: whoever signs in and sends it to POST /groups/join joins with the role."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "group_id": GROUP_ID,
                    "role": "member",
                    "code": "K7QM-4XRT-2WHN",
                    "expires_at": "2026-12-04T15:00:00Z",
                    "join_path": "/#/groups/join/K7QM-4XRT-2WHN",
                }
            ]
        }
    )

    group_id: uuid.UUID = Field(description="The group the code joins.")
    role: GroupRole = Field(description="The role the code gives.")
    code: str = Field(
        description="The one-time code (shown once; only its hash is kept). Letters and digits "
        "that cannot be mistaken for each other, in groups of four."
    )
    expires_at: Instant = Field(description="When the code stops working, if not used before.")
    join_path: str = Field(description="A link into the app that fills in the code.")


class JoinIn(BaseModel):
    """The code of an invitation."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"code": "K7QM-4XRT-2WHN"}]}
    )

    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = (
        Field(description="The code as given (case, spaces and dashes do not matter).")
    )


class SharingIn(BaseModel):
    """What you let this group's admins and viewers read; effective at once."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"scope": "totals", "case_log": False}]}
    )

    scope: SharingScope = Field(
        description="none (the default: nothing), totals (period totals, benchmark position, "
        "pace and year to date against goal) or cases (those and the case list, never notes)."
    )
    case_log: bool = Field(
        default=False,
        description="Also share your resident case-log progress toward the ACGME minimums "
        "(read-only), a scope of its own.",
    )


class MemberOut(BaseModel):
    """One person in the group. What each physician shares is shown to admins and viewers only."""

    user_id: uuid.UUID = Field(description="The person's id (use it in the member views).")
    display_name: str = Field(description="Their name as their profile says.")
    role: GroupRole = Field(description="admin, viewer or member.")
    scope: SharingScope | None = Field(
        description="What they share with the group (null when you are a member: members see "
        "only names)."
    )
    case_log: bool | None = Field(
        description="Whether they share their case-log progress (null for members, as scope)."
    )


class GroupOut(BaseModel):
    """A group you are in."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": GROUP_ID,
                    "name": "Hernia partners",
                    "my_role": "member",
                    "my_scope": "totals",
                    "my_case_log": False,
                    "members": [
                        {
                            "user_id": USER_ID,
                            "display_name": "Dr. Rivera",
                            "role": "admin",
                            "scope": None,
                            "case_log": None,
                        }
                    ],
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="The group's id.")
    name: str = Field(description="The group's name.")
    my_role: GroupRole = Field(description="Your role in it.")
    my_scope: SharingScope = Field(description="What you share with it (none for a viewer).")
    my_case_log: bool = Field(description="Whether you share your case-log progress with it.")
    members: list[MemberOut] = Field(description="Everyone in the group, by name.")


class SharedCaseLine(BaseModel):
    """One line of a shared case, as the physician's own case log has it; notes never."""

    date_of_service: date = Field(description="The case's date of service.")
    case_id: uuid.UUID = Field(description="The case's id.")
    site: str | None = Field(description="Where, as logged.")
    setting: str | None = Field(description="facility or non_facility.")
    role: str | None = Field(description="The physician's role on the case.")
    position: int = Field(description="The line's place in the case (1 first).")
    code: str = Field(description="The CPT/HCPCS code.")
    name: str | None = Field(description="The name rvuedge shows for the code.")
    modifiers: list[str] = Field(description="Modifiers on the line.")
    units: int = Field(description="Units.")
    base_wrvu: Num = Field(description="wRVU before the crediting rules.")
    credited_wrvu: Num = Field(description="Credited wRVU after the crediting rules.")
    provisional: bool = Field(description="Valued by a release that is not final yet.")


class SharedCases(BaseModel):
    """A member's case list in a range (no notes), line by line."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": USER_ID,
                    "start": "2026-01-01",
                    "end": "2026-11-27",
                    "lines": [
                        {
                            "date_of_service": "2026-11-20",
                            "case_id": GROUP_ID,
                            "site": "Main OR",
                            "setting": "facility",
                            "role": "primary",
                            "position": 1,
                            "code": "47562",
                            "name": "Laparoscopic cholecystectomy",
                            "modifiers": [],
                            "units": 1,
                            "base_wrvu": 10.47,
                            "credited_wrvu": 10.47,
                            "provisional": False,
                        }
                    ],
                    "truncated": False,
                }
            ]
        }
    )

    user_id: uuid.UUID = Field(description="The member.")
    start: date = Field(description="The range's first date of service.")
    end: date = Field(description="The range's last date of service, inclusive.")
    lines: list[SharedCaseLine] = Field(description="Lines by date, case and position.")
    truncated: bool = Field(description="True when the range held more lines than the limit.")


class DashboardMonth(BaseModel):
    label: str = Field(description="The month, 2026-11.")
    cases: int = Field(description="Cases dated in the month.")
    credited_wrvu: Num = Field(description="Credited wRVU in the month, as the member's totals.")


class DashboardRow(BaseModel):
    """One member who shares at least their totals."""

    user_id: uuid.UUID = Field(description="The member.")
    display_name: str = Field(description="Their name.")
    months: list[DashboardMonth] = Field(description="Monthly totals in the range, oldest first.")
    total_credited_wrvu: Num = Field(description="Credited wRVU over the range.")
    annual_goal: GoalProgress | None = Field(
        description="Year to date against the member's annual goal (null without a goal)."
    )
    pace: PaceOut = Field(description="The member's year-end pace, as their own summary has it.")
    benchmark_percentile: Num | None = Field(
        description="wRVU per 1.0 FTE (year to date, annualized) placed on the member's benchmark "
        "table; null when no table or specialty applies."
    )
    benchmark_text: str | None = Field(description="The benchmark position in words.")


class Dashboard(BaseModel):
    """Per member who shares: monthly totals, year to date against goal, benchmark position."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"group_id": GROUP_ID, "start": "2026-01-01", "end": "2026-11-27", "members": []}
            ]
        }
    )

    group_id: uuid.UUID = Field(description="The group.")
    start: date = Field(description="The range's first date of service.")
    end: date = Field(description="The range's last date of service, inclusive.")
    members: list[DashboardRow] = Field(
        description="Members who share totals or cases, by name; the others are not listed."
    )


class AccessOut(BaseModel):
    """One read of your data by someone else."""

    at: Instant = Field(description="When.")
    viewer_id: uuid.UUID | None = Field(description="Who (null once their account is gone).")
    viewer_name: str = Field(description="Their name at the time.")
    group_id: uuid.UUID | None = Field(description="Through which group (null once deleted).")
    group_name: str = Field(description="The group's name at the time.")
    what: str = Field(
        description="What was read: totals, summary, benchmark, cases, case_log or dashboard."
    )
    detail: str = Field(description="The range or basis read, when there was one.")


ACCESS_EXAMPLE: dict[str, Any] = {
    "at": "2026-11-27T15:00:00Z",
    "viewer_id": USER_ID,
    "viewer_name": "Pat Manager",
    "group_id": GROUP_ID,
    "group_name": "Hernia partners",
    "what": "totals",
    "detail": "month 2026-01-01..2026-11-27",
}


class AccessLog(BaseModel):
    """Who looked at your data, newest first."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"records": [ACCESS_EXAMPLE], "count": 1}]}
    )

    records: list[AccessOut] = Field(description="The reads, newest first.")
    count: int = Field(description="How many reads are recorded in all.")
