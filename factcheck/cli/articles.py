"""CLI commands for articles: `flask --app app import-article PATH_OR_URL`."""

import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..services import articles
from .common import domain_errors, session, user


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://")) or "://" in value


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    @cli.command("import-article")
    @click.argument("path_or_url")
    @click.option("--title", default=None, help="Title (default: the one the file or page gives).")
    @click.option("--outlet", default=None, help="Outlet that published it.")
    @click.option("--url", "address", default=None, help="Address of the original article.")
    @click.option("--published-at", default=None, help="Publication date, YYYY-MM-DD.")
    @click.option("--as", "username", default=None, help="Record the import as done by this user.")
    @click.option(
        "--confirm-duplicate",
        is_flag=True,
        help="Add it even if the desk already has the same page or a near-identical text (else refused).",
    )
    def import_article_command(
        path_or_url, title, outlet, address, published_at, username, confirm_duplicate
    ):
        """Add an article from a file (.txt .md .html .pdf .docx) or a web address."""
        config = current_app.config
        try:
            published = datetime.date.fromisoformat(published_at) if published_at else None
        except ValueError:
            raise click.BadParameter("use YYYY-MM-DD", param_hint="--published-at") from None
        with session() as db:
            actor = user(db, username) if username else None
            with domain_errors():
                if _is_url(path_or_url):
                    document = articles.read_web_page(
                        url=path_or_url,
                        timeout=config["FETCH_TIMEOUT"],
                        max_bytes=config["MAX_UPLOAD_BYTES"],
                        allow_private=config["FETCH_ALLOW_PRIVATE"],
                        budget=articles.reading_budget(config),
                    )
                else:
                    path = Path(path_or_url)
                    if not path.is_file():
                        raise click.ClickException(f"There is no file {path_or_url}.")
                    limit = config["MAX_UPLOAD_BYTES"]
                    with path.open("rb") as handle:
                        data = handle.read(limit + 1)
                    document = articles.read_upload(
                        filename=path.name, data=data, max_bytes=limit, budget=articles.reading_budget(config)
                    )
                    if not (title or document.title):
                        title = path.stem.replace("_", " ")
                article = articles.import_article(
                    db,
                    document=document,
                    actor=actor,
                    title=title,
                    outlet=outlet,
                    url=address,
                    published_at=published,
                    max_chars=config["MAX_ARTICLE_CHARS"],
                    refuse_duplicate=not confirm_duplicate,
                )
            revision = articles.current_revision(db, article_id=article.id)
            click.echo(f"Imported article {article.id}: {article.title} ({len(revision.text):,} characters)")
