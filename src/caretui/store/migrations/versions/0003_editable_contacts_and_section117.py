"""editable relationships and Section 117 entitlements: a version for stale saves, and
who changed them last

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _who_and_when(batch_op, table: str) -> None:  # type: ignore[no-untyped-def]
    batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
    batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
    # Batch mode (SQLite rebuilds the table) needs the constraint named.
    batch_op.create_foreign_key(f"fk_{table}_updated_by_id", "app_user", ["updated_by_id"], ["id"])


def upgrade() -> None:
    with op.batch_alter_table("relationship", schema=None) as batch_op:
        _who_and_when(batch_op, "relationship")
        # Rows already on record are at their first version.
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    with op.batch_alter_table("section117", schema=None) as batch_op:
        _who_and_when(batch_op, "section117")


def downgrade() -> None:
    with op.batch_alter_table("section117", schema=None) as batch_op:
        batch_op.drop_constraint("fk_section117_updated_by_id", type_="foreignkey")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("relationship", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_constraint("fk_relationship_updated_by_id", type_="foreignkey")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("updated_at")
