"""`rvuedge users`: accounts, for an operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from rvuedge.cli.base import YES_HELP, confirm, database, fail, out, say

if TYPE_CHECKING:
    from sqlmodel import Session

    from rvuedge.users.models import User

users_app = typer.Typer(help="Accounts.", no_args_is_help=True)


def _account(session: Session, email: str) -> User:
    from rvuedge.users import service

    user = service.get_by_email(session, email)
    if user is None:
        fail(f"no account with email {email}")
    return user


@users_app.command("create")
def users_create(
    email: str = typer.Option(..., help="Sign-in email."),
    display_name: str = typer.Option(..., help="Name shown in the app."),
) -> None:
    """Create an account. The password is asked for (hidden, twice) or read from the
    environment variable RVUEDGE_NEW_PASSWORD; never from the command line."""
    from pydantic import ValidationError

    from rvuedge.cli.passwords import new_password
    from rvuedge.failures import AppError
    from rvuedge.users import service
    from rvuedge.users.schemas import RegisterIn

    password = new_password()
    try:
        data = RegisterIn(email=email, password=password, display_name=display_name)
        with database() as session:
            user = service.register(session, data=data)
            user_id = user.id
    except ValidationError as exc:
        fail("; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors()))
    except AppError as exc:
        fail(exc.detail)
    say(f"created {email} ({user_id})")


@users_app.command("list")
def users_list(
    last_sign_in: bool = typer.Option(
        False, "--last-sign-in", help="Add when each account last signed in; oldest first."
    ),
) -> None:
    """List accounts."""
    from datetime import UTC, datetime

    from rich.table import Table

    from rvuedge.timeutil import as_utc
    from rvuedge.users import service

    columns = ["email", "name", "active", "specialty", "created"]
    table = Table(*columns, *(["last sign-in"] if last_sign_in else []))
    with database() as session:
        users = service.list_users(session)
        if last_sign_in:
            never = datetime.min.replace(tzinfo=UTC)
            users.sort(key=lambda u: as_utc(u.last_sign_in_at) if u.last_sign_in_at else never)
        for u in users:
            row = [
                u.email,
                u.display_name,
                "yes" if u.is_active else "no",
                u.specialty or "",
                str(u.created_at)[:19],
            ]
            if last_sign_in:
                row.append(str(u.last_sign_in_at)[:19] if u.last_sign_in_at else "never")
            table.add_row(*row)
    out(table)


@users_app.command("disable")
def users_disable(email: str) -> None:
    """Disable an account and sign out all of its devices."""
    from rvuedge.timeutil import utc_now
    from rvuedge.users import service

    with database() as session:
        user = _account(session, email)
        user.is_active = False
        session.add(user)
        revoked = service.revoke_all(session, user_id=user.id, now=utc_now(), reason="disabled")
    say(f"disabled {email}; {revoked} device session(s) signed out")


@users_app.command("enable")
def users_enable(email: str) -> None:
    """Let a disabled account sign in again."""
    with database() as session:
        user = _account(session, email)
        was = user.is_active
        user.is_active = True
        session.add(user)
    say(f"{email} was already enabled" if was else f"enabled {email}")


@users_app.command("set-password")
def users_set_password(email: str) -> None:
    """Give an account a new password (asked for, or RVUEDGE_NEW_PASSWORD); every device is
    signed out and its lockout lifted. To let the owner choose: `users reset-password`."""
    from rvuedge.cli.passwords import new_password
    from rvuedge.failures import AppError
    from rvuedge.timeutil import utc_now
    from rvuedge.users import service

    password = new_password()
    try:
        with database() as session:
            user = _account(session, email)
            ended = service.set_password(
                session, user=user, new=password, now=utc_now(), reason="password_set"
            )
    except AppError as exc:
        fail(exc.detail)
    say(f"new password set for {email}; {ended} device session(s) signed out")


@users_app.command("delete")
def users_delete(email: str, yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP)) -> None:
    """Erase an account with every case, setting and file it owns. Asks first."""
    from rvuedge.users import service

    with database() as session:
        user = _account(session, email)
        seen = (
            f"last signed in {user.last_sign_in_at:%Y-%m-%d}"
            if user.last_sign_in_at
            else ("never signed in")
        )
        confirm(
            f"Erase {email} ({user.display_name}, {seen}) with all of its cases, settings and "
            "files? This cannot be undone.",
            yes=yes,
        )
        service.erase_account(session, user=user)
    say(f"deleted {email} with all of its data")
