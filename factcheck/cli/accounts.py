"""CLI commands for the database and the team: init-db, create-user, seed-demo."""

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlmodel import Session

from ..models import ROLES
from ..services import demo, ratings, schema, users
from .common import domain_errors, session


def init_database(app: Flask) -> None:
    """Create or migrate the schema (as MIGRATION_DATABASE_URL's role when set: the tables' owner) and
    make sure a rating scale exists."""
    schema.upgrade(app.config["MIGRATION_DATABASE_URL"] or app.config["DATABASE_URL"])
    with Session(app.extensions["factcheck_engine"]) as session:
        ratings.ensure_default_scale(session)


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    @cli.command("init-db")
    def init_db_command():
        """Create or migrate the schema; safe to run twice."""
        init_database(current_app)
        click.echo("Database is up to date.")
        for problem in schema.history_guard_problems(current_app.extensions["factcheck_engine"]):
            # a warning, not a refusal: a desk on one machine (SQLite, or a development server) may accept it
            click.echo(f"Warning: {problem}. In production, see README, 'Deployment'.", err=True)

    @cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    @click.option("--name", default="", help="Full name shown in the app.")
    def create_user_command(username, role, password_stdin, name):
        """Add a team member."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        with session() as db, domain_errors():
            user = users.create_user(
                db,
                username=username,
                password=password,
                role=role,
                display_name=name,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        click.echo(f"Created {user.username} ({user.role}).")

    @cli.command("seed-demo")
    def seed_demo_command():
        """Load the sample article and a demo team (idempotent)."""
        init_database(current_app)
        with session() as db:
            result = demo.seed_demo(db, hash_method=current_app.config["PASSWORD_HASH_METHOD"])
        print_passwords(result.created_passwords)
        click.echo(f"Demo article: /articles/{result.article_id}")


def print_passwords(passwords: dict[str, str]) -> None:
    """Show first passwords once; they are not stored anywhere in clear."""
    if not passwords:
        return
    click.echo("")
    click.echo("First passwords (shown once, change them under 'Password' after signing in):")
    for username, password in passwords.items():
        click.echo(f"  {username:10} {password}")
    click.echo("")
