"""CLI commands for the queue and the workflow, thin layers over services.queue and services.workflow."""

import click
from flask.cli import AppGroup

from ..services import claims, queue, workflow
from ..services.claim_filters import ClaimFilters
from .common import ID, domain_errors, session, user


def register(cli: AppGroup) -> None:
    """Add this area's commands to `cli` (made once per process, shared by every app: register_cli)."""

    @cli.command("take-next")
    @click.argument("username")
    def take_next_command(username):
        """Hand USERNAME the highest-priority, oldest open claim."""
        with session() as db:
            with domain_errors():
                claim = queue.take_next(db, actor=user(db, username))
            if claim is None:
                click.echo("Nothing is open.")
                return
            click.echo(f"{claim.id}\t{claim.text}")

    @cli.command("assign")
    @click.argument("claim_id", type=ID)
    @click.argument("username")
    @click.option("--by", "by", required=True, help="The editor making the assignment (username).")
    def assign_command(claim_id, username, by):
        """Assign CLAIM_ID to USERNAME (an editor's move, recorded as --by)."""
        with session() as db:
            with domain_errors():
                claim = workflow.assign(db, claim_id=claim_id, assignee=username, actor=user(db, by))
            click.echo(f"Claim {claim.id} is now held by {username}.")

    @cli.command("release")
    @click.argument("claim_id", type=ID)
    @click.option("--by", "by", required=True, help="The holder or an editor (username).")
    def release_command(claim_id, by):
        """Put CLAIM_ID back in the queue."""
        with session() as db:
            with domain_errors():
                workflow.release(db, claim_id=claim_id, actor=user(db, by))
            click.echo(f"Claim {claim_id} is open again.")

    @cli.command("queue")
    @click.option("--status", default="open", show_default=True, help="A claim status, or 'all'.")
    @click.option("--assignee", default=None, help="A username, or 'none' for unheld claims.")
    @click.option("--article-id", default=None, help="Only this article's claims.")
    @click.option("--rating", default=None, help="Only claims whose current verdict has this rating slug.")
    @click.option("--priority", default=None, help="1 (low) to 4 (urgent).")
    @click.option("--due", default=None, help="overdue, today, week or none.")
    @click.option("--q", "q", default=None, help="Only claims whose text or claimant has these words.")
    @click.option("--limit", default=20, type=int)
    def queue_command(status, assignee, article_id, rating, priority, due, q, limit):
        """List claims in the queue's order, filtered like the queue page (services.claim_filters)."""
        with session() as db:
            with domain_errors():
                filters = ClaimFilters.of(
                    status=status,
                    assignee=assignee,
                    article_id=article_id,
                    rating=rating,
                    priority=priority,
                    due=due,
                    q=q,
                )
                page = queue.list_claims(db, filters=filters, per_page=min(max(limit, 1), 100))
            for row in page.items:
                holder = row.assignee.username if row.assignee else "-"
                status_word = row.claim.status + (" returned" if row.returned else "")
                click.echo(
                    f"{row.claim.id}\t{status_word}\tp{row.claim.priority}\t{holder}\t{row.claim.text}"
                )

    @cli.command("edit-claim")
    @click.argument("claim_id", type=ID)
    @click.option("--by", "by", required=True, help="Who makes the change (username).")
    @click.option("--text", default=None, help="The new wording.")
    @click.option("--claimant", default=None, help="The new claimant ('' clears it).")
    @click.option("--version", type=ID, default=None,
                  help="The version the change is based on (default: the current one).")  # fmt: skip
    def edit_claim_command(claim_id, by, text, claimant, version):
        """Reword CLAIM_ID or change its claimant. A published claim must be reopened first."""
        changes = {
            name: value for name, value in (("text", text), ("claimant", claimant)) if value is not None
        }
        if not changes:
            raise click.UsageError("Give --text and/or --claimant.")
        with session() as db:
            with domain_errors():
                actor = user(db, by)
                current = claims.get_claim(db, claim_id=claim_id).version
                claim = claims.update_claim(
                    db, claim_id=claim_id, version=version or current, actor=actor, **changes
                )
            click.echo(f"Claim {claim.id} saved (version {claim.version}).")

    @cli.command("approve")
    @click.argument("claim_id", type=ID)
    @click.option("--by", "by", required=True, help="The approving editor (not the proposer).")
    def approve_command(claim_id, by):
        """Publish CLAIM_ID's proposed verdict (four eyes: not the proposer's own)."""
        with session() as db:
            with domain_errors():
                workflow.approve(db, claim_id=claim_id, actor=user(db, by))
            click.echo(f"Claim {claim_id} is published.")

    @cli.command("reopen")
    @click.argument("claim_id", type=ID)
    @click.option("--by", "by", required=True, help="The editor reopening it.")
    @click.option("--note", required=True, help="The correction note (public).")
    def reopen_command(claim_id, by, note):
        """Reopen CLAIM_ID's published verdict for correction; the note goes on the corrections list."""
        with session() as db:
            with domain_errors():
                workflow.reopen(db, claim_id=claim_id, note=note, actor=user(db, by))
            click.echo(f"Claim {claim_id} is reopened for correction.")
