"""CLI commands for API tokens (API.md: create-token prints the token and nothing else), thin layers over
services.users."""

import click
from flask.cli import AppGroup

from ..services import users
from ..timeutil import iso
from .common import domain_errors, session, user


def register(cli: AppGroup) -> None:
    """Add the token commands to `flask --app app`."""

    @cli.command("create-token")
    @click.argument("username")
    @click.option(
        "--expires-days", type=int, default=None, help="Expire after N days (1 to 3650); default never."
    )
    def create_token_command(username, expires_days):
        """Print one new API token for USERNAME on stdout, and nothing else."""
        with session() as db, domain_errors():
            token = users.create_token(db, user=user(db, username), expires_in_days=expires_days)
        click.echo(token)

    @cli.command("list-tokens")
    @click.argument("username", required=False)
    def list_tokens_command(username):
        """List API tokens (all, or USERNAME's): id, prefix, owner, created, last used, expires, status."""
        with session() as db:
            user_id = user(db, username).id if username else None
            tokens = users.list_tokens(db, user_id=user_id)
        if not tokens:
            click.echo("No API tokens.")
            return
        line = "{:>6}  {:<12} {:<16} {:<21} {:<21} {:<21} {}"
        click.echo(line.format("ID", "PREFIX", "OWNER", "CREATED", "LAST USED", "EXPIRES", "STATUS"))
        for t in tokens:
            click.echo(
                line.format(
                    t.id,
                    t.prefix,
                    t.username,
                    iso(t.created_at),
                    iso(t.last_used_at) or "never",
                    iso(t.expires_at) or "never",
                    t.status,
                )
            )

    @cli.command("revoke-token")
    @click.argument("prefix_or_id")
    def revoke_token_command(prefix_or_id):
        """Revoke the API token with this id or prefix (as list-tokens shows them); it stops working at once."""
        with session() as db, domain_errors():
            row = users.find_token(db, prefix_or_id=prefix_or_id)
            row = users.revoke_token(db, token_id=row.id, actor=None)
        click.echo(f"Revoked API token {row.id} ({row.prefix}…).")
