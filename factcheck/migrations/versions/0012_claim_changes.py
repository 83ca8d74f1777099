"""The latest changes to claims: a row per insert, update and delete of a claim.

A text search costs in proportion to its matches ("Malakal" matches 2,500 of 100,000 claims: every match looked up
for its status and order). The same words asked again (the next page, another status tab, the API paging through
them, the list after a claim screen) find nearly the same claims in the same order: between two askings a few
claims changed, mostly their status (a take, a proposal, an approval). services.kept_searches keeps a search's
matches per process with where the claims stood when it read them, and catches up on the changes since: the
changed claims are checked against the search again, their statuses taken, those no longer matching left out; the
search is run again only when a claim it did not hold now matches, or one it holds moved in the order.

SQLite, claim_change: id (in the order of the changes), claim_id, `moved` (1 when the claim was added or removed,
or its priority, created_at, due date or id changed: what the queue's orders are made of, besides the status and
updated_at), `stamp` (random). The stamp tells a row from a row with the same id in another copy of the database
(a backup restored over a database that had moved on): a kept search checks that the row it last saw is still
there with its stamp. Every 256th row removes those more than 1,024 changes old.

PostgreSQL: ids are not in commit order there (a transaction takes its id when it writes, commits later), so a
row holds its transaction's id (`xid`, pg_current_xact_id()) instead of a stamp, and a kept search holds the
snapshot it was read in (pg_current_snapshot()): the changes it has not seen are the rows whose transaction that
snapshot does not see (pg_visible_in_snapshot; all have an xid at or above the snapshot's xmin, so an index on
xid finds them). Every 256th row (under a transaction advisory lock it can take at once, as migration 0010's
fold) removes those more than 4,096 rows old and raises claim_change_pruned.xid to the newest xid it removed: a
kept search whose snapshot's xmin is not above it may have lost changes, and is run again. Inserts only, no row
every writer waits on (claim_change_pruned is written by one pruning transaction at a time). A TRUNCATE of claim or
claim_change (no row trigger fires) adds one row for all claims (claim_id 0). A kept search also holds the claim table's oid: a database dropped
and made again (a backup restored) under the same address has another.

Not in the models (services.schema.KEPT_BY_TRIGGERS).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MOVED = (
    "old.priority IS NOT new.priority OR old.created_at IS NOT new.created_at OR old.due_date IS NOT new.due_date "
    "OR old.id IS NOT new.id"
)
SQLITE = (
    "CREATE TABLE claim_change (id INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL, moved INTEGER NOT NULL, "
    "stamp INTEGER NOT NULL)",
    "INSERT INTO claim_change (claim_id, moved, stamp) VALUES (0, 1, random())",
    "CREATE TRIGGER claim_change_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_change (claim_id, moved, stamp) VALUES (new.id, 1, random()); END",
    "CREATE TRIGGER claim_change_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_change (claim_id, moved, stamp) VALUES (old.id, 1, random()); END",
    "CREATE TRIGGER claim_change_update AFTER UPDATE ON claim BEGIN "
    f"INSERT INTO claim_change (claim_id, moved, stamp) VALUES (new.id, {MOVED}, random()); END",
    # one writer at a time on SQLite; its own delete does not fire it again (recursive triggers are off)
    "CREATE TRIGGER claim_change_prune AFTER INSERT ON claim_change WHEN new.id % 256 = 0 BEGIN "
    "DELETE FROM claim_change WHERE id <= new.id - 1024; END",
)
TRIGGERS = ("insert", "delete", "update", "prune")
# 7310012: the prune's advisory lock key (a constant no other code uses)
POSTGRES = (
    "CREATE TABLE claim_change (id BIGSERIAL PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(), "
    "claim_id BIGINT NOT NULL, moved BOOLEAN NOT NULL)",
    "CREATE INDEX ix_claim_change_xid ON claim_change (xid)",
    "CREATE TABLE claim_change_pruned (id INTEGER PRIMARY KEY CHECK (id = 1), xid xid8 NOT NULL)",
    "INSERT INTO claim_change_pruned (id, xid) VALUES (1, '0')",
    f"""CREATE FUNCTION claim_change_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_id BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO claim_change (claim_id, moved) VALUES (OLD.id, true) RETURNING id INTO last_id;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO claim_change (claim_id, moved) VALUES (NEW.id, true) RETURNING id INTO last_id;
    ELSE
        INSERT INTO claim_change (claim_id, moved)
        VALUES (NEW.id, {MOVED.replace("IS NOT", "IS DISTINCT FROM")}) RETURNING id INTO last_id;
    END IF;
    IF last_id % 256 = 0 AND pg_try_advisory_xact_lock(7310012) THEN
        WITH gone AS (DELETE FROM claim_change WHERE id <= last_id - 4096 RETURNING xid)
        INSERT INTO claim_change_pruned (id, xid) SELECT 1, max(xid) FROM gone HAVING count(*) > 0
        ON CONFLICT (id) DO UPDATE SET xid = greatest(claim_change_pruned.xid, excluded.xid);
    END IF;
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER claim_change_log AFTER INSERT OR UPDATE OR DELETE ON claim "
    "FOR EACH ROW EXECUTE FUNCTION claim_change_log()",
    # TRUNCATE fires no row trigger: one row for the whole table (claim_id 0), after it (and after claim_change
    # itself, when truncated in the same statement)
    """CREATE FUNCTION claim_change_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claim_change (claim_id, moved) VALUES (0, true);
    RETURN NULL;
END
$$""",
    "CREATE TRIGGER claim_change_truncate AFTER TRUNCATE ON claim "
    "FOR EACH STATEMENT EXECUTE FUNCTION claim_change_truncated()",
    # and claim_change itself truncated: the changes a kept search has not seen are gone
    "CREATE TRIGGER claim_change_truncate AFTER TRUNCATE ON claim_change "
    "FOR EACH STATEMENT EXECUTE FUNCTION claim_change_truncated()",
)


def upgrade() -> None:
    statements = SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRES
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS claim_change_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS claim_change_truncate ON claim_change")
        op.execute("DROP TRIGGER IF EXISTS claim_change_truncate ON claim")
        op.execute("DROP TRIGGER IF EXISTS claim_change_log ON claim")
        op.execute("DROP FUNCTION IF EXISTS claim_change_truncated()")
        op.execute("DROP FUNCTION IF EXISTS claim_change_log()")
        op.execute("DROP TABLE IF EXISTS claim_change_pruned")
    op.execute("DROP TABLE IF EXISTS claim_change")
