"""The `rvuedge` command: its options and every command group, assembled."""

import typer

from rvuedge.cli import access, backup, cases, catalog, serve
from rvuedge.cli.base import OneLineErrors, start_command
from rvuedge.cli.db import db_app
from rvuedge.cli.export import export_app
from rvuedge.cli.presets import presets_app
from rvuedge.cli.users import users_app

app = typer.Typer(
    cls=OneLineErrors,
    help="rvuedge: wRVU tracking backend. Every command says which database it uses "
    "(RVUEDGE_DATABASE_URL).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    create: bool = typer.Option(
        False,
        "--create",
        help="Let the command create the SQLite database file when it does not exist "
        "(serve and db upgrade always may).",
    ),
) -> None:
    """rvuedge: wRVU tracking backend."""
    start_command(create=create)


app.add_typer(db_app, name="db")
app.add_typer(catalog.seed_app, name="seed")
users_app.command("invite")(access.invite)
users_app.command("reset-password")(access.reset_password)
users_app.command("unlock")(access.unlock)
users_app.command("sign-out-all")(access.sign_out_all)
app.add_typer(users_app, name="users")
app.add_typer(export_app, name="export")
app.add_typer(presets_app, name="credit-presets")
app.command("serve")(serve.serve)
app.command("import-rvu")(catalog.import_rvu)
app.command("import-gpci")(catalog.import_gpci)
app.command("import-benchmarks")(catalog.import_benchmarks)
app.command("releases")(catalog.releases)
app.command("revalue")(cases.revalue)
app.command("import-cases")(cases.import_cases)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)


if __name__ == "__main__":  # python -m rvuedge.cli.main
    app()
