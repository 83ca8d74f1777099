"""The claim's current verdict as a column: claim.verdict_id, indexed, backfilled.

A claim's current verdict is its newest verdict that is proposed or published (services.claims); from now on
services.workflow keeps the column right on every move. The backfill applies the same rule to the rows there.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE claim SET verdict_id = (
    SELECT MAX(verdict.id) FROM verdict
    WHERE verdict.claim_id = claim.id AND verdict.state IN ('proposed', 'published')
)
"""


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("verdict_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_claim_verdict_id_verdict", "verdict", ["verdict_id"], ["id"])
        batch.create_index(batch.f("ix_claim_verdict_id"), ["verdict_id"], unique=False)
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_index(batch.f("ix_claim_verdict_id"))
        batch.drop_constraint("fk_claim_verdict_id_verdict", type_="foreignkey")
        batch.drop_column("verdict_id")
