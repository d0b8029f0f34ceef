"""`rvuedge users invite | reset-password | unlock`: getting people in, and back in."""

import typer

from rvuedge.cli.base import YES_HELP, confirm, database, fail, out, say

SEND_HELP = "Also email the link (RVUEDGE_SMTP_HOST...); it is printed either way."


def _deliver(link: object, *, purpose: str, send: bool) -> None:
    from rvuedge.config import get_settings
    from rvuedge.users import mail

    if not send:
        return
    try:
        mail.send(get_settings(), link, purpose=purpose)  # type: ignore[arg-type]
    except (mail.MailNotConfigured, OSError) as exc:
        fail(f"the link was made but not sent: {exc}")
    say(f"sent to {link.email}")  # type: ignore[attr-defined]


def invite(
    email: str = typer.Option(..., help="The address that may register with the link."),
    send: bool = typer.Option(False, "--send", help=SEND_HELP),
) -> None:
    """Print a one-time link with which EMAIL registers (RVUEDGE_REGISTRATION=invite)."""
    from rvuedge.timeutil import utc_now
    from rvuedge.users import links

    with database() as session:
        link = links.invite(session, email=email, now=utc_now())
    say(f"invitation for {link.email}, valid once until {link.expires_at:%Y-%m-%d %H:%M} UTC:")
    out(link.url, soft_wrap=True, highlight=False)
    _deliver(link, purpose=links.INVITATION, send=send)


def reset_password(
    email: str = typer.Option(..., help="The account's sign-in email."),
    send: bool = typer.Option(False, "--send", help=SEND_HELP),
) -> None:
    """Print a one-time link with which the account's owner sets a new password (it signs out
    every device). For POST /api/v1/auth/reset-password {token, new_password}."""
    from rvuedge.timeutil import utc_now
    from rvuedge.users import links

    with database() as session:
        link = links.password_reset(session, email=email, now=utc_now())
    say(f"password reset for {link.email}, valid once until {link.expires_at:%Y-%m-%d %H:%M} UTC:")
    out(link.url, soft_wrap=True, highlight=False)
    _deliver(link, purpose=links.PASSWORD_RESET, send=send)


def unlock(
    email: str | None = typer.Option(None, help="Lift this account's sign-in lockout."),
    address: str | None = typer.Option(None, help="Lift this client address's lockout."),
) -> None:
    """Lift a sign-in lockout; without --email or --address, list who is locked out now."""
    from rich.table import Table

    from rvuedge.timeutil import utc_now
    from rvuedge.users import lockout
    from rvuedge.users.service import normalize_email

    with database() as session:
        if email is None and address is None:
            locks = lockout.current_locks(session, now=utc_now())
            table = Table("locked", "who", "failed sign-ins", "until (at the latest)")
            for lock in locks:
                table.add_row(lock.kind, lock.key, str(lock.failures), f"{lock.until:%H:%M:%S}")
            out(table)
            say(f"{len(locks)} lockout(s)")
            return
        cleared = []
        if email is not None:
            cleared.append(f"{lockout.clear_account(session, normalize_email(email))} for {email}")
        if address is not None:
            cleared.append(f"{lockout.clear_address(session, address)} for {address}")
    say(f"unlocked: failed sign-ins forgotten: {', '.join(cleared)}")


def sign_out_all(yes: bool = typer.Option(False, "--yes", "-y", help=YES_HELP)) -> None:
    """End every session of every account (everyone signs in again). Also records this
    server's RVUEDGE_SECRET_KEY as the database's: after a key change without a grace period,
    run it with the new key so that the servers start."""
    from rvuedge.timeutil import utc_now
    from rvuedge.users.keys import sign_out_all as end_all

    confirm("Sign out every device of every account?", yes=yes)
    with database() as session:
        ended = end_all(session, now=utc_now())
    say(f"{ended} session(s) ended; the signing key in use is recorded")
