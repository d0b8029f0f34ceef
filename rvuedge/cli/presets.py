"""`rvuedge credit-presets`: an operator's named crediting presets for a group of physicians."""

import json

import typer

from rvuedge.cli.base import database, fail, out, say

presets_app = typer.Typer(
    help="Named crediting presets (an employer's rules) and assigning them.", no_args_is_help=True
)


@presets_app.command("add")
def add(
    name: str = typer.Argument(..., help="Up to 40 characters, e.g. mercy_2026."),
    base: str = typer.Option(
        "productivity_standard", help="productivity_standard or cms_payment_mirror."
    ),
    switches: str = typer.Option(
        "{}",
        help='JSON of the switches to change, e.g. \'{"mppr_schedule": [1, 0.5, 0.25], '
        '"bilateral_rule": "200_percent", "npp_assistant_factor": 0.136}\'.',
    ),
    description: str | None = typer.Option(None, help="What the preset is for."),
) -> None:
    """Add a named preset: a built-in profile with some switches changed."""
    from rvuedge.crediting import service

    try:
        values = json.loads(switches)
    except json.JSONDecodeError as exc:
        fail(f"--switches is not JSON: {exc}")
    if not isinstance(values, dict):
        fail("--switches must be a JSON object")
    with database() as session:
        service.create_preset(
            session, name=name, base=base, switches=values, description=description
        )
    say(f"preset {name} added")


@presets_app.command("list")
def list_presets() -> None:
    """Every preset with the switches it changes from its base."""
    from rich.table import Table

    from rvuedge.crediting import service

    table = Table("name", "base", "changed switches", "description")
    with database() as session:
        for preset in service.list_presets(session):
            changed = ", ".join(f"{k}={preset.switches[k]}" for k in preset.changed)
            table.add_row(preset.name, preset.base, changed or "-", preset.description or "")
    out(table)


@presets_app.command("assign")
def assign(
    name: str = typer.Argument(..., help="The preset."),
    effective_from: str = typer.Option(..., "--from", help="First date of service, YYYY-MM-DD."),
    email: list[str] = typer.Option([], help="A user's email (repeat for several)."),
    email_domain: str | None = typer.Option(
        None, help="Every user whose email ends in @DOMAIN (a whole group)."
    ),
) -> None:
    """Credit these users' cases from a date under a preset. Run `rvuedge revalue` afterwards to
    re-credit cases already logged."""
    from datetime import date

    from rvuedge.crediting import service
    from rvuedge.users import service as user_service

    try:
        start = date.fromisoformat(effective_from)
    except ValueError as exc:
        fail(f"--from must be YYYY-MM-DD: {exc}")
    if not email and not email_domain:
        fail("name users with --email or --email-domain")
    with database() as session:
        users = []
        for address in email:
            user = user_service.get_by_email(session, address)
            if user is None:
                fail(f"no account with email {address}")
            users.append(user)
        if email_domain:
            suffix = "@" + email_domain.lower().lstrip("@")
            users += [u for u in user_service.list_users(session) if u.email.endswith(suffix)]
        count = service.assign(session, preset=name, effective_from=start, users=users)
    say(f"{count} user(s) credited under {name} from {start}")
