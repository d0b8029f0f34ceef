"""`rvuedge users`: accounts, for an operator."""

import typer

from rvuedge.cli.base import database, fail, out, say

users_app = typer.Typer(help="Accounts.", no_args_is_help=True)


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
def users_list() -> None:
    """List accounts."""
    from rich.table import Table

    from rvuedge.users import service

    table = Table("email", "name", "active", "specialty", "created")
    with database() as session:
        for u in service.list_users(session):
            table.add_row(
                u.email,
                u.display_name,
                "yes" if u.is_active else "no",
                u.specialty or "",
                str(u.created_at)[:19],
            )
    out(table)


@users_app.command("disable")
def users_disable(email: str) -> None:
    """Disable an account and sign out all of its devices."""
    from rvuedge.timeutil import utc_now
    from rvuedge.users import service

    with database() as session:
        user = service.get_by_email(session, email)
        if user is None:
            fail(f"no account with email {email}")
        user.is_active = False
        session.add(user)
        revoked = service.revoke_all(session, user_id=user.id, now=utc_now(), reason="disabled")
    say(f"disabled {email}; {revoked} device session(s) signed out")
