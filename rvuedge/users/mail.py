"""Sending an invitation or a reset link by email (optional: RVUEDGE_SMTP_HOST and friends)."""

import smtplib
from email.message import EmailMessage

from rvuedge.config import Settings
from rvuedge.users.links import INVITATION, Link

SUBJECTS = {
    INVITATION: "Your invitation to rvuedge",
    "password_reset": "Set a new rvuedge password",
}


class MailNotConfigured(RuntimeError):
    pass


def message(link: Link, *, purpose: str, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = link.email
    mail["Subject"] = SUBJECTS[purpose]
    what = (
        "You are invited to create an rvuedge account with this address."
        if purpose == INVITATION
        else "Someone (we hope you) asked to set a new password for your rvuedge account."
    )
    expires = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    mail.set_content(
        f"{what}\n\nOpen this link (it works once, until {expires}):\n\n{link.url}\n\n"
        "If you did not expect this message, ignore it.\n"
    )
    return mail


def send(settings: Settings, link: Link, *, purpose: str) -> None:
    """Send the link to its address through the configured SMTP server."""
    if not settings.SMTP_HOST or not settings.SMTP_FROM:
        raise MailNotConfigured(
            "sending needs RVUEDGE_SMTP_HOST and RVUEDGE_SMTP_FROM (and usually "
            "RVUEDGE_SMTP_USERNAME and RVUEDGE_SMTP_PASSWORD)"
        )
    with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT, timeout=30) as smtp:
        if settings.SMTP_STARTTLS:
            smtp.starttls()
        if settings.SMTP_USERNAME and settings.SMTP_PASSWORD is not None:
            smtp.login(settings.SMTP_USERNAME, settings.SMTP_PASSWORD.get_secret_value())
        smtp.send_message(message(link, purpose=purpose, sender=settings.SMTP_FROM))
