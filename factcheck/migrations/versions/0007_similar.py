"""Has this been checked before: a full-text index over claim text, "same as #N" links, duplicate articles.

- external_review: ClaimReview other desks published, imported (services.external_reviews), with its own
  full-text index like the claims'.
- claim.same_as_id: an editor's link from a claim to an earlier one whose verdict answers it.
- article.url_normalized and article_text_band: the article's address without tracking parameters and the
  bands of its text fingerprint (services.duplicates), backfilled here for the articles already stored.
- SQLite: claim_fts, an external-content FTS5 table over claim.text (porter stemming, diacritics removed),
  kept in step with claim by three triggers, rebuilt here from the claims already stored. PostgreSQL: a GIN
  index over to_tsvector('english', text). Neither is in the models (services.schema.modelled leaves them out).

A later migration that rebuilds the claim table on SQLite (batch_alter_table copies it) drops the triggers:
it must run SQLITE_FTS_TRIGGERS again and rebuild claim_fts (tests/test_similar.py checks they exist).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE claim_fts USING fts5(text, content='claim', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_FTS_TRIGGERS = (
    "CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER claim_fts_update AFTER UPDATE OF text ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text); END",
)
POSTGRES_INDEX = "CREATE INDEX ix_claim_text_search ON claim USING gin (to_tsvector('english', text))"
# Other desks' reviews (services.external_reviews), searched the same way.
SQLITE_EXTERNAL_FTS = (
    "CREATE VIRTUAL TABLE external_review_fts USING fts5(claim_text, content='external_review', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_EXTERNAL_TRIGGERS = (
    "CREATE TRIGGER external_review_fts_insert AFTER INSERT ON external_review BEGIN "
    "INSERT INTO external_review_fts(rowid, claim_text) VALUES (new.id, new.claim_text); END",
    "CREATE TRIGGER external_review_fts_delete AFTER DELETE ON external_review BEGIN "
    "INSERT INTO external_review_fts(external_review_fts, rowid, claim_text) "
    "VALUES ('delete', old.id, old.claim_text); END",
    "CREATE TRIGGER external_review_fts_update AFTER UPDATE OF claim_text ON external_review BEGIN "
    "INSERT INTO external_review_fts(external_review_fts, rowid, claim_text) "
    "VALUES ('delete', old.id, old.claim_text); "
    "INSERT INTO external_review_fts(rowid, claim_text) VALUES (new.id, new.claim_text); END",
)
POSTGRES_EXTERNAL_INDEX = "CREATE INDEX ix_external_review_text_search ON external_review USING gin (to_tsvector('english', claim_text))"


def upgrade() -> None:
    # Added in place, never by rebuilding the table: a SQLite rebuild (batch_alter_table) recreates the indexes
    # from reflection and loses the DESC of the queue's order indexes (migration 0005).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE claim ADD COLUMN same_as_id INTEGER REFERENCES claim (id)")
    else:
        op.add_column("claim", sa.Column("same_as_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_claim_same_as_id_claim", "claim", "claim", ["same_as_id"], ["id"])
    op.create_index("ix_claim_same_as_id", "claim", ["same_as_id"], unique=False)
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("url_normalized", sa.String(length=2000), nullable=True))
        batch.create_index(batch.f("ix_article_url_normalized"), ["url_normalized"], unique=False)
    op.create_table(
        "article_text_band",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_article_text_band_article_id", "article_text_band", ["article_id"], unique=False)
    op.create_index("ix_article_text_band_band", "article_text_band", ["band"], unique=False)
    op.create_table(
        "external_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=2000), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("claimant", sa.String(length=300), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("rating_label", sa.String(length=200), nullable=True),
        sa.Column("rating_value", sa.Float(), nullable=True),
        sa.Column("best_rating", sa.Float(), nullable=True),
        sa.Column("worst_rating", sa.Float(), nullable=True),
        sa.Column("reviewed_at", sa.Date(), nullable=True),
        sa.Column("imported_from", sa.String(length=2000), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["imported_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_EXTERNAL_FTS)
        for trigger in SQLITE_EXTERNAL_TRIGGERS:
            op.execute(trigger)
    else:
        op.execute(POSTGRES_EXTERNAL_INDEX)
    if op.get_bind().dialect.name == "sqlite":
        # after the batch above: rebuilding the claim table would have dropped the triggers
        op.execute(SQLITE_FTS)
        for trigger in SQLITE_FTS_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')")
    else:
        op.execute(POSTGRES_INDEX)
    _backfill_articles()


def _backfill_articles() -> None:
    """The normalised address and the text fingerprint (of the current text) of every stored article."""
    from factcheck.services.duplicates import bands, normalise_url  # the same rules as the app's

    connection = op.get_bind()
    articles = connection.execute(
        sa.text(
            "SELECT a.id, a.url, r.text FROM article a JOIN article_revision r ON r.article_id = a.id "
            "WHERE r.number = (SELECT MAX(number) FROM article_revision WHERE article_id = a.id)"
        )
    )
    for article_id, url, text in articles.all():
        if url:
            connection.execute(
                sa.text("UPDATE article SET url_normalized = :key WHERE id = :id"),
                {"key": normalise_url(url), "id": article_id},
            )
        rows = [{"article_id": article_id, "band": band} for band in bands(text)]
        if rows:
            connection.execute(
                sa.text("INSERT INTO article_text_band (article_id, band) VALUES (:article_id, :band)"), rows
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in (
            "external_review_fts_update",
            "external_review_fts_delete",
            "external_review_fts_insert",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS external_review_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_external_review_text_search")
    op.drop_table("external_review")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claim_fts_update", "claim_fts_delete", "claim_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claim_text_search")
    op.drop_index("ix_article_text_band_band", table_name="article_text_band")
    op.drop_index("ix_article_text_band_article_id", table_name="article_text_band")
    op.drop_table("article_text_band")
    with op.batch_alter_table("article") as batch:
        batch.drop_index(batch.f("ix_article_url_normalized"))
        batch.drop_column("url_normalized")
    op.drop_index("ix_claim_same_as_id", table_name="claim")
    if op.get_bind().dialect.name != "sqlite":  # on SQLite the key is the column's own REFERENCES (upgrade)
        op.drop_constraint("fk_claim_same_as_id_claim", "claim", type_="foreignkey")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("same_as_id")
