"""person search: a table of name words, filled from the people already on record

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 08:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000


def upgrade() -> None:
    words = op.create_table(
        "person_name_word",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("word", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("sort_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("person_id", "word"),
    )
    with op.batch_alter_table("person_name_word", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_name_word_word", ["word", "sort_key", "person_id"], unique=False
        )
    _fill(words)


def _fill(words: sa.Table) -> None:
    """Index the people an older store already holds, so they are found at once."""
    from caretui.rules.names import name_words, sort_key

    bind = op.get_bind()
    people = bind.execute(
        sa.text("SELECT id, first_name, last_name, preferred_name FROM person ORDER BY id")
    ).all()
    batch: list[dict] = []
    for person_id, first, last, preferred in people:
        key = sort_key(first, last)
        batch.extend(
            {"person_id": person_id, "word": w, "sort_key": key}
            for w in name_words(first, last, preferred or "")
        )
        if len(batch) >= BATCH:
            bind.execute(words.insert(), batch)
            batch = []
    if batch:
        bind.execute(words.insert(), batch)


def downgrade() -> None:
    with op.batch_alter_table("person_name_word", schema=None) as batch_op:
        batch_op.drop_index("ix_person_name_word_word")
    op.drop_table("person_name_word")
