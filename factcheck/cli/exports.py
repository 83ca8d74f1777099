"""CLI commands for exports: the verdict CSV, the evidence CSV and ClaimReview JSON-LD, to a file or stdout."""

import json

import click
from flask import current_app
from flask.cli import AppGroup

from ..services import claimreview, exports
from ..services.claim_filters import ClaimFilters
from ..urls import NoPublicURL, public_base, public_url
from .common import ID, domain_errors, session

STATUS_HELP = "A claim status, or 'all' (default: published)."


def _filters(status, article_id, rating, assignee, q, published_from, published_to) -> ClaimFilters:
    """The export's filters from the options, checked like the browser's and the API's query parameters."""
    with domain_errors():
        return ClaimFilters.of(
            default_status=exports.DEFAULT_STATUS,
            status=status,
            article_id=article_id,
            rating=rating,
            assignee=assignee,
            q=q,
            published_from=published_from.date() if published_from else None,
            published_to=published_to.date() if published_to else None,
        )


def _write(chunks, output: str) -> None:
    with click.open_file(output, "wb") as out:
        for chunk in chunks:
            out.write(chunk)


def _filter_options(command):
    for option in reversed(
        [
            click.option("--status", default="published", show_default=True, help=STATUS_HELP),
            click.option("--article-id", type=ID, default=None, help="Only this article's claims."),
            click.option("--rating", default=None, help="Only claims with this rating slug."),
            click.option("--assignee", default=None, help="Only claims held by this username."),
            click.option(
                "--q", "q", default=None, help="Only claims whose text or claimant has these words."
            ),
            click.option("--published-from", type=click.DateTime(["%Y-%m-%d"]), default=None),
            click.option("--published-to", type=click.DateTime(["%Y-%m-%d"]), default=None),
            click.option("--output", "-o", default="-", show_default=True, help="A file, or - for stdout."),
        ]
    ):
        command = option(command)
    return command


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    def csv_command(name: str, produce, help_text: str) -> None:
        """One CSV export command: the filter options, then the producer's bytes to a file or stdout."""

        @_filter_options
        def command(status, article_id, rating, assignee, q, published_from, published_to, output):
            engine = current_app.extensions["factcheck_engine"]
            with domain_errors():
                filters = _filters(status, article_id, rating, assignee, q, published_from, published_to)
                chunks = produce(engine, filters)
            _write(chunks, output)

        cli.command(name, help=help_text)(command)

    csv_command(
        "export-verdicts",
        exports.verdict_csv,
        "Write the verdict CSV (API.md), the same file as the browser's and the API's export.",
    )
    csv_command(
        "export-evidence", exports.evidence_csv, "Write the evidence CSV: one row per claim-source link."
    )

    @cli.command("export-claimreview")
    @click.option("--article-id", type=ID, default=None, help="One article (default: the whole desk).")
    @click.option("--base-url", default=None, help="Where the app is served (default: PUBLIC_URL).")
    @click.option("--output", "-o", default="-", show_default=True, help="A file, or - for stdout.")
    def export_claimreview_command(article_id, base_url, output):
        """Write ClaimReview JSON-LD for every published verdict (of one article, or of the desk)."""
        try:
            base_url = public_base(base_url, name="--base-url")
        except ValueError as error:
            raise click.ClickException(str(error)) from None

        def report_url(report_article_id: int) -> str:
            return public_url("reports.public_report", _base=base_url, article_id=report_article_id)

        with session() as db:
            try:
                with domain_errors():
                    data = claimreview.claim_reviews(
                        db,
                        desk=claimreview.desk_of(current_app.config),
                        report_url=report_url,
                        article_id=article_id,
                    )
            except NoPublicURL as error:
                raise click.ClickException(str(error)) from None
        _write([json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"], output)
