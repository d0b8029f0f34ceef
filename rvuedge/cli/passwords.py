"""Passwords reach a command only from a hidden prompt or the environment, never as arguments
(an argument is visible to every user of the machine in `ps` and kept in the shell history)."""

import os

import typer

from rvuedge.cli.base import fail

NEW_PASSWORD_ENV = "RVUEDGE_NEW_PASSWORD"  # noqa: S105 (a variable name)


def new_password() -> str:
    """A new password: RVUEDGE_NEW_PASSWORD, or asked twice without echo."""
    if value := os.environ.get(NEW_PASSWORD_ENV):
        return value
    try:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))
    except typer.Abort:
        fail(f"no password given: type it when asked, or set {NEW_PASSWORD_ENV}")
