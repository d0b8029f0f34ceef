"""Groups, invitations, membership and consent. Services take the session first and never
commit. Anything a user may not see is a 404 with the same words whether it exists or not."""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from rvuedge.failures import Conflict, InvalidInput, NotFound
from rvuedge.groups.models import (
    READERS,
    SHARERS,
    AccessRecord,
    GroupInvitation,
    GroupMember,
    GroupRole,
    ShareGroup,
    SharingScope,
)
from rvuedge.groups.schemas import GroupOut, InvitationOut, MemberOut, SharingIn
from rvuedge.timeutil import as_utc
from rvuedge.users.models import User

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed safely
CODE_LENGTH = 12
INVITATION_DAYS = 7


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def code_hash(code: str) -> str:
    """How a code is kept and looked up: case, spaces and dashes removed before hashing."""
    canonical = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(canonical.encode()).hexdigest()


def no_group(group_id: uuid.UUID) -> NotFound:
    return NotFound(f"No group with id {group_id}.")


def membership(session: Session, group_id: uuid.UUID, user_id: uuid.UUID) -> GroupMember | None:
    return session.exec(
        select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.user_id == user_id)
    ).first()


def my_group(
    session: Session, *, user: User, group_id: uuid.UUID
) -> tuple[ShareGroup, GroupMember]:
    """The group and your place in it; a group you are not in does not exist (404)."""
    mine = membership(session, group_id, user.id)
    group = session.get(ShareGroup, group_id) if mine is not None else None
    if mine is None or group is None:
        raise no_group(group_id)
    return group, mine


def administered(session: Session, *, user: User, group_id: uuid.UUID) -> ShareGroup:
    group, mine = my_group(session, user=user, group_id=group_id)
    if mine.role != GroupRole.admin:
        raise NotFound(f"No group with id {group_id} that you administer.")
    return group


def members_of(session: Session, group_id: uuid.UUID) -> list[tuple[GroupMember, User]]:
    rows = session.exec(
        select(GroupMember, User)
        .join(User, col(User.id) == col(GroupMember.user_id))
        .where(GroupMember.group_id == group_id)
        .order_by(col(User.display_name), col(User.id))
    ).all()
    return [(m, u) for m, u in rows]


def group_out(session: Session, group: ShareGroup, mine: GroupMember) -> GroupOut:
    reader = mine.role in READERS
    return GroupOut(
        id=group.id,
        name=group.name,
        my_role=GroupRole(mine.role),
        my_scope=SharingScope(mine.scope),
        my_case_log=mine.case_log,
        members=[
            MemberOut(
                user_id=u.id,
                display_name=u.display_name,
                role=GroupRole(m.role),
                scope=SharingScope(m.scope) if reader else None,
                case_log=m.case_log if reader else None,
            )
            for m, u in members_of(session, group.id)
        ],
    )


def create_group(session: Session, *, user: User, name: str) -> GroupOut:
    group = ShareGroup(name=name, created_by=user.id)
    session.add(group)
    session.flush()
    mine = GroupMember(group_id=group.id, user_id=user.id, role=GroupRole.admin.value)
    session.add(mine)
    session.flush()
    return group_out(session, group, mine)


def list_groups(session: Session, *, user: User) -> list[GroupOut]:
    rows = session.exec(
        select(ShareGroup, GroupMember)
        .join(GroupMember, col(GroupMember.group_id) == col(ShareGroup.id))
        .where(GroupMember.user_id == user.id)
        .order_by(col(ShareGroup.name), col(ShareGroup.id))
    ).all()
    return [group_out(session, g, m) for g, m in rows]


def get_group(session: Session, *, user: User, group_id: uuid.UUID) -> GroupOut:
    group, mine = my_group(session, user=user, group_id=group_id)
    return group_out(session, group, mine)


def invite(
    session: Session, *, user: User, group_id: uuid.UUID, role: GroupRole, now: datetime
) -> InvitationOut:
    group = administered(session, user=user, group_id=group_id)
    code = new_code()
    expires = now + timedelta(days=INVITATION_DAYS)
    session.add(
        GroupInvitation(
            group_id=group.id,
            role=role.value,
            code_hash=code_hash(code),
            created_by=user.id,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return InvitationOut(
        group_id=group.id,
        role=role,
        code=code,
        expires_at=expires,
        join_path=f"/#/groups/join/{code}",
    )


def join(session: Session, *, user: User, code: str, now: datetime) -> GroupOut:
    """Use a one-time code. Claiming it is one conditional UPDATE, so two people sending the same
    code at once cannot both join."""
    unusable = NotFound("No invitation with this code: it may be mistyped, used or expired.")
    invitation = session.exec(
        select(GroupInvitation).where(GroupInvitation.code_hash == code_hash(code))
    ).first()
    if invitation is None or invitation.used_at is not None or as_utc(invitation.expires_at) <= now:
        raise unusable
    if membership(session, invitation.group_id, user.id) is not None:
        raise Conflict("You are already in this group; leave it first to join with another role.")
    claimed = session.execute(
        update(GroupInvitation)
        .where(col(GroupInvitation.id) == invitation.id, col(GroupInvitation.used_at).is_(None))
        .values(used_at=now, used_by=user.id)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise unusable
    mine = GroupMember(
        group_id=invitation.group_id, user_id=user.id, role=invitation.role, joined_at=now
    )
    session.add(mine)
    session.flush()
    group = session.get(ShareGroup, invitation.group_id)
    assert group is not None  # the invitation's group is deleted with it (cascade)
    return group_out(session, group, mine)


def _drop(session: Session, group: ShareGroup, gone: GroupMember) -> None:
    """Take a member out. The last admin cannot leave others behind; the last person out
    deletes the group (its access records keep its name)."""
    others = [m for m, _ in members_of(session, group.id) if m.id != gone.id]
    if (
        gone.role == GroupRole.admin
        and others
        and not any(m.role == GroupRole.admin for m in others)
    ):
        raise Conflict(
            "This is the group's only admin: invite another admin (or remove everyone else) first."
        )
    session.delete(gone)
    session.flush()
    if not others:
        session.execute(
            update(AccessRecord).where(col(AccessRecord.group_id) == group.id).values(group_id=None)
        )
        session.execute(delete(GroupInvitation).where(col(GroupInvitation.group_id) == group.id))
        session.delete(group)
        session.flush()


def leave(session: Session, *, user: User, group_id: uuid.UUID) -> None:
    group, mine = my_group(session, user=user, group_id=group_id)
    _drop(session, group, mine)


def remove(session: Session, *, user: User, group_id: uuid.UUID, member_id: uuid.UUID) -> None:
    if member_id == user.id:
        leave(session, user=user, group_id=group_id)
        return
    group = administered(session, user=user, group_id=group_id)
    gone = membership(session, group.id, member_id)
    if gone is None:
        raise NotFound(f"No member {member_id} in this group.")
    _drop(session, group, gone)


def set_sharing(
    session: Session, *, user: User, group_id: uuid.UUID, data: SharingIn, now: datetime
) -> GroupOut:
    group, mine = my_group(session, user=user, group_id=group_id)
    if mine.role not in SHARERS and (data.scope != SharingScope.none or data.case_log):
        raise InvalidInput(
            "A viewer has no numbers to share in this group; only members and admins choose a "
            "scope.",
            errors=[{"loc": ["body", "scope"], "msg": "viewers share nothing"}],
        )
    mine.scope = data.scope.value
    mine.case_log = data.case_log
    mine.sharing_changed_at = now
    session.add(mine)
    session.flush()
    return group_out(session, group, mine)
