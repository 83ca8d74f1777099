"""The queue's text search (`q`: each word anywhere in a claim's text or claimant) read off an index.

`q` matches substrings ("alakal" finds "Malakal"), which the word index of 0007 cannot serve. SQLite: an
external-content FTS5 table with the trigram tokenizer over claim text and claimant (claim_trigram), kept in step
by three triggers and built here from the claims already stored; services.claim_filters narrows to its rows
first and then applies the exact match. PostgreSQL: pg_trgm GIN indexes on the very expressions the filter
compares (lower(text), lower(coalesce(claimant, ''))), which its planner uses for LIKE by itself. Neither is in
the models (services.schema.NOT_MODELLED).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE claim_trigram USING fts5(text, claimant, content='claim', content_rowid='id', "
    "tokenize='trigram')"
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER claim_trigram_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_trigram(rowid, text, claimant) VALUES (new.id, new.text, new.claimant); END",
    "CREATE TRIGGER claim_trigram_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_trigram(claim_trigram, rowid, text, claimant) "
    "VALUES ('delete', old.id, old.text, old.claimant); END",
    "CREATE TRIGGER claim_trigram_update AFTER UPDATE OF text, claimant ON claim BEGIN "
    "INSERT INTO claim_trigram(claim_trigram, rowid, text, claimant) "
    "VALUES ('delete', old.id, old.text, old.claimant); "
    "INSERT INTO claim_trigram(rowid, text, claimant) VALUES (new.id, new.text, new.claimant); END",
)
POSTGRES_INDEXES = (
    "CREATE INDEX ix_claim_text_trigram ON claim USING gin (lower(text) gin_trgm_ops)",
    "CREATE INDEX ix_claim_claimant_trigram ON claim USING gin (lower(coalesce(claimant, '')) gin_trgm_ops)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_TABLE)
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO claim_trigram(claim_trigram) VALUES ('rebuild')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index in POSTGRES_INDEXES:
            op.execute(index)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claim_trigram_update", "claim_trigram_delete", "claim_trigram_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claim_trigram")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claim_claimant_trigram")
        op.execute("DROP INDEX IF EXISTS ix_claim_text_trigram")
