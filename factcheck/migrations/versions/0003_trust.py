"""Trust: a history nobody can rewrite, versioned evidence, expiring tokens and sessions.

- audit_event: SQLite refuses an INSERT over an existing id (INSERT OR REPLACE deletes the old row without
  firing the DELETE trigger); PostgreSQL refuses TRUNCATE (row triggers do not see it).
- evidence.version: evidence edits are refused when stale, like claim edits.
- api_token.expires_at: optional expiry; login_session.last_seen_at: idle expiry.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE = [
    """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event
       WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id)
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
]
POSTGRES = [
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]


def upgrade() -> None:
    statements = SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES
    for statement in statements:
        op.execute(statement)
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("login_session") as batch:
        batch.add_column(sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("login_session") as batch:
        batch.drop_column("last_seen_at")
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("version")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_event_no_replace")
    else:
        op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
