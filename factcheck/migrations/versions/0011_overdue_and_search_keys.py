"""The overdue filter in queue order, and the text search's matches read off an index instead of the table.

ix_claim_overdue_queue_order on claim (priority DESC, created_at, id, due_date, status), partial: only the claims
with a due date in the statuses that can be overdue (services.claim_filters ACTIVE_STATUSES). The overdue filter
(`due_date < today AND status IN (...)`) read its claims off ix_claim_status_due and sorted all of them for every
page (6,000 at 100,000 claims: a deep page 3 ms of SQL, x4 the trivial route); here a page is a walk of this index
in queue order, forwards or (deep pages) backwards, that stops at the page. SQLite uses a partial index only when
the query's WHERE implies the index's, with the very values: the filter writes its status list as literals.

SQLite only (the text search, migration 0009):
- ix_claim_search_keys on claim (id, status, priority, created_at): a search's 2,500 matches, found by the trigram
  table, each looked up here for what the count per status and the default order need, where each was a row of the
  claim table (four times the pages).
- ix_claim_text_folds_to_ascii on claim (id) for the claims whose text or claimant holds a character the trigram
  index folds to an ASCII letter (U+212A KELVIN SIGN to k, U+017F LONG S to s; no others). For an ASCII word the
  trigram match proves the exact one (services.claim_filters WordMatch) on every other claim, so only these few are
  checked against the text again, and a search no longer reads its matches' text.
Neither is in the models (services.schema.FULL_TEXT_INDEXES); PostgreSQL's pg_trgm search reads the rows anyway.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ACTIVE = "'open', 'in_progress', 'in_review'"  # services.claim_filters ACTIVE_STATUSES, in that order
# services.claim_filters FOLDS_TO_ASCII: the same text, so that SQLite sees the query imply it
FOLDS_TO_ASCII = (
    "instr(text, char(8490)) > 0 OR instr(text, char(383)) > 0 "
    "OR instr(claimant, char(8490)) > 0 OR instr(claimant, char(383)) > 0"
)
SQLITE_INDEXES = (
    "CREATE INDEX ix_claim_search_keys ON claim (id, status, priority, created_at)",
    f"CREATE INDEX ix_claim_text_folds_to_ascii ON claim (id) WHERE {FOLDS_TO_ASCII}",
)


def upgrade() -> None:
    op.create_index(
        "ix_claim_overdue_queue_order",
        "claim",
        [sa.text("priority DESC"), "created_at", "id", "due_date", "status"],
        unique=False,
        sqlite_where=sa.text(f"due_date IS NOT NULL AND status IN ({ACTIVE})"),
        postgresql_where=sa.text(f"due_date IS NOT NULL AND status IN ({ACTIVE})"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_INDEXES:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_claim_text_folds_to_ascii")
        op.execute("DROP INDEX IF EXISTS ix_claim_search_keys")
    op.drop_index("ix_claim_overdue_queue_order", table_name="claim")
