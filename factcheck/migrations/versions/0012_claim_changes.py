"""The latest changes to claims (SQLite): a row per insert, update and delete of a claim, with a random stamp.

A text search costs in proportion to its matches ("Malakal" matches 2,500 of 100,000 claims: every match looked up
for its status and order). The same words asked again (the next page, another status tab, the API paging through
them, the list after a claim screen) find the same claims in the same order for as long as no claim has changed,
and the same claims in the same order with some statuses changed after a take, a proposal or an approval, the
desk's most common writes. services.kept_searches keeps a search's matches per process with the newest change row
it has seen, read in the same transaction as the search, and catches up on the changes since: statuses read again
for the claims that changed, or the search run again when a change touched what it matches or orders by.

claim_change: id (in the order of the changes), claim_id, `moved` (1 when the change touched the claim's wording,
claimant, priority, created_at, due date or id, or added or removed it: what a search matches and orders by,
besides the status), `stamp` (random). The stamp tells a row from a row with the same id in another copy of the
database (a backup restored over a database that had moved on): a kept search checks that the row it last saw
is still there with its stamp. Every 256th row removes those more than 1,024 changes old.

SQLite only: on PostgreSQL the writers of concurrent transactions would see each other's ids out of commit order,
and searches there are not kept (the table is not made). Not in the models (services.schema.KEPT_BY_TRIGGERS).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MOVED = (
    "old.text IS NOT new.text OR old.claimant IS NOT new.claimant OR old.priority IS NOT new.priority "
    "OR old.created_at IS NOT new.created_at OR old.due_date IS NOT new.due_date OR old.id IS NOT new.id"
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS claim_change_{name}")
        op.execute("DROP TABLE IF EXISTS claim_change")
