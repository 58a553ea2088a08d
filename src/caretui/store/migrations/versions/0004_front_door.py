"""the front door: referrals with their screening decision, the consent history, and the
person details Client Level Data needs; people indexed by postcode for the duplicate check

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERSON_COLUMNS = (
    ("date_of_birth_estimated", sa.Boolean()),
    ("main_language", sqlmodel.sql.sqltypes.AutoString(length=60)),
    ("interpreter_needed", sa.Boolean()),
    ("communication_needs", sqlmodel.sql.sqltypes.AutoString()),
    ("accommodation_status", sqlmodel.sql.sqltypes.AutoString(length=80)),
    ("has_unpaid_carer", sqlmodel.sql.sqltypes.AutoString(length=20)),
    ("primary_support_reason", sqlmodel.sql.sqltypes.AutoString(length=80)),
)


def upgrade() -> None:
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("nature", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column(
            "representative_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False
        ),
        sa.Column(
            "representative_relationship",
            sqlmodel.sql.sqltypes.AutoString(length=80),
            nullable=False,
        ),
        sa.Column("other_means", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("to_share_information", sa.Boolean(), nullable=False),
        sa.Column("lawful_basis", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("justification", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "best_interests_ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False
        ),
        sa.Column("best_interests_on", sa.Date(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_event_person_id"), ["person_id"], unique=False)

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("contact_at", sa.DateTime(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("referrer_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("referrer_contact", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("urgency", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("duplicate_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decline_reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reason_detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("alternative_services", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("no_alternative_because", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("advice_given", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("informed_how", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("cld_outcome", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("waiting_priority", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("waiting_since", sa.Date(), nullable=True),
        sa.Column("waiting_team_id", sa.Integer(), nullable=True),
        sa.Column("allocated_at", sa.DateTime(), nullable=True),
        sa.Column("allocated_by_id", sa.Integer(), nullable=True),
        sa.Column("awaiting_countersignature", sa.Boolean(), nullable=False),
        sa.Column("countersigned_by_id", sa.Integer(), nullable=True),
        sa.Column("countersigned_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocated_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
        ),
        sa.ForeignKeyConstraint(
            ["countersigned_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["waiting_team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_case_id"), ["case_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_referral_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_referral_status_priority", ["status", "waiting_priority"], unique=False
        )
        batch_op.create_index(
            "ix_referral_waits", ["waiting_team_id", "allocated_at"], unique=False
        )

    # Not in batch mode: SQLite adds a column in place, where rebuilding the person table
    # would trip the foreign keys of the rows that refer to people.
    for name, kind in PERSON_COLUMNS:
        # People already on record: a known date of birth, nothing else recorded yet.
        default = sa.false() if isinstance(kind, sa.Boolean) else sa.text("''")
        op.add_column("person", sa.Column(name, kind, nullable=False, server_default=default))
    op.create_index("ix_person_postcode", "person", ["postcode"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_person_postcode", table_name="person")
    for name, _kind in reversed(PERSON_COLUMNS):
        op.drop_column("person", name)

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_waits")
        batch_op.drop_index("ix_referral_status_priority")
        batch_op.drop_index(batch_op.f("ix_referral_person_id"))
        batch_op.drop_index(batch_op.f("ix_referral_case_id"))

    op.drop_table("referral")
    with op.batch_alter_table("consent_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_event_person_id"))

    op.drop_table("consent_event")
