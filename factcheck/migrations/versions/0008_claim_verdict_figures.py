"""The current verdict's rating, publication time and time to publish, copied onto the claim and indexed, so that
the queue's rating and published-date filters and the dashboard read an index instead of joining the archive.

services.workflow.settle_current_verdict writes them with claim.verdict_id, on every move; the backfill applies
the same rule to the rows there. Columns are added in place (no table rebuild), so triggers on claim survive.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

HOURS = {
    "sqlite": "(julianday(published_at) - julianday(created_at)) * 24.0",
    "postgresql": "EXTRACT(EPOCH FROM (published_at - created_at)) / 3600.0",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # ADD COLUMN with its REFERENCES: SQLite cannot add it later
        op.execute("ALTER TABLE claim ADD COLUMN rating_id INTEGER REFERENCES rating (id)")
    else:
        op.add_column("claim", sa.Column("rating_id", sa.Integer(), nullable=True))
        op.create_foreign_key("claim_rating_id_fkey", "claim", "rating", ["rating_id"], ["id"])
    op.add_column("claim", sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("claim", sa.Column("hours_to_publish", sa.Float(), nullable=True))
    op.execute(
        "UPDATE claim SET"
        " rating_id = (SELECT verdict.rating_id FROM verdict WHERE verdict.id = claim.verdict_id),"
        " published_at = (SELECT verdict.decided_at FROM verdict"
        "  WHERE verdict.id = claim.verdict_id AND verdict.state = 'published')"
        " WHERE verdict_id IS NOT NULL"
    )
    hours = HOURS[op.get_bind().dialect.name]
    op.execute(f"UPDATE claim SET hours_to_publish = {hours} WHERE published_at IS NOT NULL")  # noqa: S608
    op.create_index(
        "ix_claim_rating_queue_order",
        "claim",
        ["rating_id", sa.text("priority DESC"), "created_at", "id"],
        unique=False,
    )
    op.create_index("ix_claim_hours_to_publish", "claim", ["hours_to_publish"], unique=False)
    published = sa.text("hours_to_publish IS NOT NULL")
    op.create_index(
        "ix_claim_published_rating",
        "claim",
        ["rating_id"],
        unique=False,
        sqlite_where=published,
        postgresql_where=published,
    )
    op.create_index("ix_claim_rating_status", "claim", ["rating_id", "status"], unique=False)
    op.create_index("ix_claim_status_assignee", "claim", ["status", "assignee_id"], unique=False)
    op.create_index(
        "ix_claim_status_due", "claim", ["status", "due_date", "priority", "created_at"], unique=False
    )
    op.create_index("ix_claim_published_at", "claim", ["published_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_published_at", table_name="claim")
    op.drop_index("ix_claim_status_due", table_name="claim")
    op.drop_index("ix_claim_status_assignee", table_name="claim")
    op.drop_index("ix_claim_rating_status", table_name="claim")
    op.drop_index("ix_claim_published_rating", table_name="claim")
    op.drop_index("ix_claim_hours_to_publish", table_name="claim")
    op.drop_index("ix_claim_rating_queue_order", table_name="claim")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("hours_to_publish")
        batch.drop_column("published_at")
        batch.drop_column("rating_id")
