"""The count of claims per status, kept by the database as claims come, change status and go.

The queue's tabs and the API's `total` count the whole archive per status on every unfiltered list request: at
100,000 claims that read about 100,000 index entries (SQLite 4-5 ms, PostgreSQL 14 ms of a 40 ms page), however
the page itself was read. `claim_status_count` holds signed deltas instead: a trigger on claim adds (status, +1)
for a new claim, (old status, -1) and (new status, +1) for a change of status, (status, -1) for a removed one,
and every 256th row (by id) folds the rows up to it into one row per status. services.queue sums it: a few
hundred rows at most, whatever the archive's size.

Deltas, not one counter row per status: every take-next and every move changes two statuses, and under 30
concurrent writers on PostgreSQL the counter rows would be where they all wait (each transaction holds its
row lock to the end) and deadlock (open -> in progress against in progress -> open, in opposite order). An
INSERT locks nothing anyone else needs. The fold is a DELETE ... RETURNING of committed rows up to the
trigger's id and an INSERT of their sums, in the writer's transaction; on PostgreSQL only under a transaction
advisory lock it can take at once (pg_try_advisory_xact_lock), so two folds never wait for each other and a
skipped fold is made by a later one. Rows another transaction has not committed yet are not folded and stay
as deltas. The table is not in the models (services.schema.KEPT_BY_TRIGGERS) and is filled here from the claims
already stored.

Also an index on source (lower(title), id), the order of the claim screen's source picker (services.sources
list_sources): its first 500 sources were the whole library sorted on every claim screen (2,000 sources: 2 ms
on SQLite, 4 ms on PostgreSQL), now a walk of 500 index entries. An expression index, outside the models too
(services.schema.FULL_TEXT_INDEXES lists it with the others the models cannot declare).

And ix_claim_assignee_queue_order on claim (assignee_id, priority DESC, created_at, id): the assignee filter and
"My claims" read the held claims' ids in queue order off it, where ix_claim_assignee_id gave them unordered and
each was read from the table to be sorted (a reviewer holding 2,500 claims at 100,000: 4 ms per page).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Folds every 256 rows (the table never holds many more); 7310010 is the fold's PostgreSQL advisory lock key
# (a constant no other code uses).

SQLITE_TABLE = "CREATE TABLE claim_status_count (id INTEGER PRIMARY KEY, status VARCHAR(20) NOT NULL, n INTEGER NOT NULL)"
SQLITE_TRIGGERS = (
    "CREATE TRIGGER claim_status_count_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_status_count(status, n) VALUES (new.status, 1); END",
    "CREATE TRIGGER claim_status_count_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_status_count(status, n) VALUES (old.status, -1); END",
    "CREATE TRIGGER claim_status_count_update AFTER UPDATE OF status ON claim "
    "WHEN old.status IS NOT new.status BEGIN "
    "INSERT INTO claim_status_count(status, n) VALUES (old.status, -1), (new.status, 1); END",
    # one writer at a time on SQLite: the fold needs no lock of its own. Its own inserts do not fire it again
    # (recursive triggers are off), and they take ids above new.id, so they are kept.
    "CREATE TRIGGER claim_status_count_fold AFTER INSERT ON claim_status_count "
    "WHEN new.id % 256 = 0 BEGIN "
    "INSERT INTO claim_status_count(status, n) "
    "SELECT status, sum(n) FROM claim_status_count WHERE id <= new.id GROUP BY status; "
    "DELETE FROM claim_status_count WHERE id <= new.id; END",
)
POSTGRES = (
    "CREATE TABLE claim_status_count (id BIGSERIAL PRIMARY KEY, status VARCHAR(20) NOT NULL, n INTEGER NOT NULL)",
    """CREATE FUNCTION claim_status_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_id BIGINT;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO claim_status_count(status, n) VALUES (OLD.status, -1) RETURNING id INTO last_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO claim_status_count(status, n) VALUES (NEW.status, 1) RETURNING id INTO last_id;
    END IF;
    IF last_id % 256 < 2 AND pg_try_advisory_xact_lock(7310010) THEN
        WITH folded AS (DELETE FROM claim_status_count WHERE id <= last_id RETURNING status, n)
        INSERT INTO claim_status_count(status, n) SELECT status, sum(n) FROM folded GROUP BY status;
    END IF;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER claim_status_count_insert_delete AFTER INSERT OR DELETE ON claim "
    "FOR EACH ROW EXECUTE FUNCTION claim_status_count_change()",
    "CREATE TRIGGER claim_status_count_update AFTER UPDATE OF status ON claim "
    "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION claim_status_count_change()",
)
FILL = "INSERT INTO claim_status_count(status, n) SELECT status, count(*) FROM claim GROUP BY status"
PICKER_INDEX = "CREATE INDEX ix_source_title_order ON source (lower(title), id)"


def upgrade() -> None:
    statements = (SQLITE_TABLE, *SQLITE_TRIGGERS) if op.get_bind().dialect.name == "sqlite" else POSTGRES
    for statement in statements:
        op.execute(statement)
    op.execute(FILL)
    op.execute(PICKER_INDEX)
    op.create_index(
        "ix_claim_assignee_queue_order",
        "claim",
        ["assignee_id", sa.text("priority DESC"), "created_at", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_claim_assignee_queue_order", table_name="claim")
    op.execute("DROP INDEX IF EXISTS ix_source_title_order")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("fold", "update", "delete", "insert"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_status_count_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS claim_status_count_update ON claim")
        op.execute("DROP TRIGGER IF EXISTS claim_status_count_insert_delete ON claim")
        op.execute("DROP FUNCTION IF EXISTS claim_status_count_change()")
    op.execute("DROP TABLE IF EXISTS claim_status_count")
