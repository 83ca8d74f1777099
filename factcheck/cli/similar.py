"""CLI: has this been checked before? `similar TEXT`, `same-as CLAIM_ID EARLIER_ID --by EDITOR` and the
`export-similar` CSV (claims linked to an earlier verdict)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..services import external_reviews, similar, similar_export
from ..services.claim_filters import ClaimFilters
from .common import ID, domain_errors, session, user


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    @cli.command("similar")
    @click.argument("text")
    @click.option("--limit", type=click.IntRange(1, similar.MAX_LIMIT), default=similar.DEFAULT_LIMIT)
    def similar_command(text, limit):
        """The archive's claims most like TEXT, best first: score, claim, status, verdict, differences."""
        with session() as db, domain_errors():
            matches = similar.similar_to_text(db, text=text, limit=limit)
            for match in matches:
                verdict = f"{match.rating.label} ({match.verdict.state})" if match.rating else "no verdict"
                click.echo(f"{match.score:.2f}  #{match.claim.id}  {match.claim.status}  {verdict}")
                click.echo(f"      {match.claim.text}")
                for item in match.differs:
                    query, found = ", ".join(item["query"]) or "-", ", ".join(item["match"]) or "-"
                    click.echo(f"      differs in {item['kind']}: {query} / {found}")
        if not matches:
            click.echo("No similar claim in the archive.")

    @cli.command("same-as")
    @click.argument("claim_id", type=ID)
    @click.argument("earlier_id", type=ID, required=False)
    @click.option("--by", "by", required=True, help="The editor making the link (username).")
    def same_as_command(claim_id, earlier_id, by):
        """Link CLAIM_ID to EARLIER_ID, whose verdict answers it (no EARLIER_ID: remove the link)."""
        with session() as db:
            actor = user(db, by)
            with domain_errors():
                claim = similar.link_same_as(db, claim_id=claim_id, same_as_id=earlier_id, actor=actor)
        click.echo(f"Claim {claim.id}: same as #{claim.same_as_id}" if claim.same_as_id else "Link removed.")

    @cli.command("export-similar")
    @click.option("--status", default="all", show_default=True, help="A claim status, or 'all'.")
    @click.option("--article-id", type=ID, default=None, help="Only this article's claims.")
    @click.option("--output", "-o", default="-", show_default=True, help="A file, or - for stdout.")
    def export_similar_command(status, article_id, output):
        """Write the `similar` CSV: each claim linked to an earlier verdict, with that verdict."""
        engine = current_app.extensions["factcheck_engine"]
        with domain_errors():
            filters = ClaimFilters.of(
                default_status=similar_export.DEFAULT_STATUS, status=status, article_id=article_id
            )
            chunks = similar_export.similar_csv(engine, filters)
        with click.open_file(output, "wb") as out:
            for chunk in chunks:
                out.write(chunk)

    @cli.command("import-claimreview")
    @click.argument("path_or_url")
    def import_claimreview_command(path_or_url):
        """Import other desks' fact-checks: schema.org ClaimReview JSON-LD (an object, a list, a DataFeed) or
        an HTML page carrying it, from a file or an http(s) address. Safe to run again; bad records are
        listed and skipped."""
        config = current_app.config
        with domain_errors():
            if path_or_url.lower().startswith(("http://", "https://")):
                data = external_reviews.fetch(
                    path_or_url,
                    timeout=config["FETCH_TIMEOUT"],
                    max_bytes=config["MAX_UPLOAD_BYTES"],
                    allow_private=config["FETCH_ALLOW_PRIVATE"],
                )
            else:
                path = Path(path_or_url)
                if not path.is_file():
                    raise click.ClickException(f"There is no file {path_or_url}.")
                data = path.read_bytes()
            with session() as db:
                report = external_reviews.import_reviews(db, data=data, origin=path_or_url, actor=None)
        for problem in report.problems:
            click.echo(f"refused: {problem}", err=True)
        click.echo(f"Imported from {path_or_url}: {report.summary()}")
