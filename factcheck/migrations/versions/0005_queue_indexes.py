"""Indexes for the queue at 100,000 claims: its default order (priority desc, created_at, id) as it is and within
a status, the due date, and the verdict side of its filters and of the dashboard (rating; state, decided_at).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_claim_queue_order", "claim", [sa.text("priority DESC"), "created_at", "id"], unique=False
    )
    op.create_index(
        "ix_claim_status_queue_order",
        "claim",
        ["status", sa.text("priority DESC"), "created_at", "id"],
        unique=False,
    )
    op.create_index("ix_claim_due_date", "claim", ["due_date"], unique=False)
    op.create_index("ix_verdict_rating_id", "verdict", ["rating_id"], unique=False)
    op.create_index("ix_verdict_state_decided_at", "verdict", ["state", "decided_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_verdict_state_decided_at", table_name="verdict")
    op.drop_index("ix_verdict_rating_id", table_name="verdict")
    op.drop_index("ix_claim_due_date", table_name="claim")
    op.drop_index("ix_claim_status_queue_order", table_name="claim")
    op.drop_index("ix_claim_queue_order", table_name="claim")
