"""The whole domain as SQLModel tables.

Names follow the practitioner guide (Case, Involvement, Activity, FormInstance, Alert,
KeySafe, responsible_user, responsible_team) so a practitioner reading a traceback
understands it. Editable records carry a ``version`` for stale-save detection.
Times are naive local wall-clock times (the practice works in UK local time and
shows times as written). Statuses are stored as the string values of the enums in ``rules.vocab``.

Every schema change here needs an Alembic migration in ``store/migrations``;
``tests/store/test_migrations.py`` fails when the two drift apart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, LargeBinary, UniqueConstraint, func
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString


class Table(SQLModel):
    """Base of every table: pydantic builds a model's schema on first use, not at import."""

    model_config = {"defer_build": True}  # type: ignore[assignment]


def _json_column() -> Any:
    return Column(JSON, nullable=False, default=dict)


def _code_point_order(length: int) -> Any:
    """A string type compared in code-point order on every database, for index ranges of
    name words in any script (``rules.names.after_prefix``): SQLite compares bytes
    already; PostgreSQL is told to, whatever the database's collation."""
    return AutoString(length).with_variant(AutoString(length, collation="C"), "postgresql")


class Team(Table, table=True):
    __tablename__ = "team"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(sa_type=DateTime)


class User(Table, table=True):
    __tablename__ = "app_user"
    __table_args__ = (Index("ix_app_user_team_role", "team_id", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=120)
    role: str = Field(max_length=20)
    team_id: int = Field(foreign_key="team.id")
    designation: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    access_ends: date | None = None
    disabled: bool = False
    last_sign_in: datetime | None = Field(default=None, sa_type=DateTime)
    created_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class Person(Table, table=True):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_last_first", "last_name_key", "first_name_key"),
        Index("ix_person_first", "first_name_key"),
        Index("ix_person_dob", "date_of_birth"),
        Index("ix_person_nhs", "nhs_number"),
        Index("ix_person_postcode", "postcode"),
    )
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(default="", max_length=20)
    first_name: str = Field(max_length=80)
    last_name: str = Field(max_length=80)
    preferred_name: str = Field(default="", max_length=80)
    # The names folded to their words (``rules.names.name_key``), for ordering people.
    first_name_key: str = Field(max_length=80)
    last_name_key: str = Field(max_length=80)
    date_of_birth: date | None = None
    date_of_death: date | None = None
    gender: str = Field(default="", max_length=40)
    ethnicity: str = Field(default="", max_length=80)
    nhs_number: str = Field(default="", max_length=10)
    address_line1: str = Field(default="", max_length=120)
    address_line2: str = Field(default="", max_length=120)
    town: str = Field(default="", max_length=80)
    postcode: str = Field(default="", max_length=10)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    primary_service_user_group: str = Field(default="", max_length=60)
    employment_status: str = Field(default="", max_length=60)
    # Client Level Data and communication (issue 12's new person).
    date_of_birth_estimated: bool = False
    main_language: str = Field(default="", max_length=60)
    interpreter_needed: bool = False
    communication_needs: str = ""
    accommodation_status: str = Field(default="", max_length=80)
    has_unpaid_carer: str = Field(default="", max_length=20)  # Yes / No / Unknown
    primary_support_reason: str = Field(default="", max_length=80)
    restricted: bool = False
    created_at: datetime = Field(sa_type=DateTime)
    updated_at: datetime = Field(sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = 1


class PersonRestriction(Table, table=True):
    """A user named on a locked-down person record (S3)."""

    __tablename__ = "person_restriction"
    __table_args__ = (UniqueConstraint("person_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    added_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    added_at: datetime = Field(sa_type=DateTime)


class PersonNameWord(Table, table=True):
    """One word of a person's names, folded (``rules.names``), for search as you type (P1).

    Kept in step with the person by ``store.ops`` (and rebuilt after a sandbox build).
    The index on (word, sort_key) answers "names starting with pat, in surname order"
    by reading only the first rows of a range, however many people are on record. Words
    and keys are compared in code-point order (``_code_point_order``) so that a range
    holds exactly the words with a prefix, in any script, under any database collation.
    """

    __tablename__ = "person_name_word"
    __table_args__ = (Index("ix_person_name_word_word", "word", "sort_key", "person_id"),)
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    word: str = Field(sa_type=_code_point_order(40), primary_key=True)
    sort_key: str = Field(sa_type=_code_point_order(120))


class Case(Table, table=True):
    __tablename__ = "case_record"
    __table_args__ = (
        Index("ix_case_user_status", "responsible_user_id", "status"),
        Index("ix_case_team_status", "responsible_team_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    status: str = Field(default="open", max_length=20)
    referral_date: date  # initial contact: the Care Act 28-day clock starts here
    referral_source: str = Field(default="", max_length=80)
    referral_reason: str = Field(default="")
    priority: str = Field(default="Normal", max_length=20)
    responsible_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    responsible_team_id: int = Field(foreign_key="team.id")
    assessment_completed_on: date | None = None
    closure_reason: str = Field(default="", max_length=80)
    closed_on: date | None = None
    created_at: datetime = Field(sa_type=DateTime)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = 1


class CaseAssignment(Table, table=True):
    """Assignment history: who and which team held the case, from when to when (W1)."""

    __tablename__ = "case_assignment"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", index=True)
    team_id: int = Field(foreign_key="team.id")
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    started_at: datetime = Field(sa_type=DateTime)
    ended_at: datetime | None = Field(default=None, sa_type=DateTime)
    changed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    note: str = ""


class Referral(Table, table=True):
    """A new contact at the front door and the screening decision on it (R1, issue 12).

    Every contact opens its case at once (status ``referral``), so the referral has a
    Timeline and the Care Act clock from the date of initial contact. Choices are held
    as the values of ``rules.referrals``' option lists.
    """

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_status_priority", "status", "waiting_priority"),
        Index("ix_referral_waits", "waiting_team_id", "allocated_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    case_id: int = Field(foreign_key="case_record.id", unique=True, index=True)
    contact_at: datetime = Field(sa_type=DateTime)
    source: str = Field(max_length=40)
    referrer_name: str = Field(default="", max_length=120)
    referrer_contact: str = Field(default="", max_length=200)
    route: str = Field(max_length=60)
    reason: str = ""
    urgency: str = Field(max_length=20)
    duplicate_reason: str = ""  # why a new person was created despite likely duplicates
    status: str = Field(default="awaiting_screening", max_length=20)
    outcome: str = Field(default="", max_length=20)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=DateTime)
    decline_reason: str = Field(default="", max_length=40)
    reason_detail: str = ""
    alternative_services: str = ""
    no_alternative_because: str = ""
    advice_given: str = ""
    informed_how: str = Field(default="", max_length=20)
    cld_outcome: str = Field(default="", max_length=80)
    waiting_priority: str = Field(default="", max_length=20)
    waiting_since: date | None = None
    waiting_team_id: int | None = Field(default=None, foreign_key="team.id")
    allocated_at: datetime | None = Field(default=None, sa_type=DateTime)
    allocated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    awaiting_countersignature: bool = False
    countersigned_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    countersigned_at: datetime | None = Field(default=None, sa_type=DateTime)
    created_at: datetime = Field(sa_type=DateTime)
    created_by_id: int = Field(foreign_key="app_user.id")
    updated_at: datetime = Field(sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = 1


class ConsentEvent(Table, table=True):
    """One entry of a person's consent history (R2): given, re-confirmed, refused,
    withdrawn, or no consent with the lawful basis to proceed. Never edited: a change is
    a new entry, so the history reads as it happened."""

    __tablename__ = "consent_event"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=20)
    on: date
    by_id: int | None = Field(default=None, foreign_key="app_user.id")  # who obtained it
    by_name: str = Field(default="", max_length=120)  # as recorded, a user or not
    nature: str = Field(default="", max_length=20)
    representative_name: str = Field(default="", max_length=120)
    representative_relationship: str = Field(default="", max_length=80)
    other_means: str = Field(default="", max_length=200)
    to_share_information: bool = True
    lawful_basis: str = Field(default="", max_length=30)
    justification: str = ""
    best_interests_ref: str = Field(default="", max_length=120)
    best_interests_on: date | None = None
    reason: str = ""
    created_at: datetime = Field(sa_type=DateTime)
    created_by_id: int = Field(foreign_key="app_user.id")


class Involvement(Table, table=True):
    __tablename__ = "involvement"
    __table_args__ = (Index("ix_involvement_user_end", "user_id", "end_date"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    team_id: int = Field(foreign_key="team.id")
    role: str = Field(max_length=60)
    start_date: date
    end_date: date | None = None
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class Activity(Table, table=True):
    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_case_when", "case_id", "occurred_at"),
        Index("ix_activity_user_status", "responsible_user_id", "status"),
        Index("ix_activity_team_status", "responsible_team_id", "status", "responsible_user_id"),
        Index("ix_activity_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id")
    person_id: int = Field(foreign_key="person.id")
    type: str = Field(max_length=20)
    subject: str = Field(max_length=200)
    notes: str = ""
    occurred_at: datetime = Field(sa_type=DateTime)
    due_date: date | None = None
    direction: str = Field(default="", max_length=20)
    contact: str = Field(default="", max_length=200)  # who was called / written to
    outcome: str = Field(default="", max_length=200)
    location: str = Field(default="", max_length=200)
    attachment_id: int | None = Field(default=None, foreign_key="attachment.id")
    responsible_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    responsible_team_id: int = Field(foreign_key="team.id")
    status: str = Field(default="open", max_length=20)
    completed_at: datetime | None = Field(default=None, sa_type=DateTime)
    awaiting_countersignature: bool = False
    countersigned_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    countersigned_at: datetime | None = Field(default=None, sa_type=DateTime)
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class Revision(Table, table=True):
    """A previous version of an amended entry (K1): the original stays readable."""

    __tablename__ = "revision"
    __table_args__ = (Index("ix_revision_record", "record_type", "record_id"),)
    id: int | None = Field(default=None, primary_key=True)
    record_type: str = Field(max_length=40)
    record_id: int
    version: int
    content: dict = Field(default_factory=dict, sa_column=_json_column())
    written_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    written_at: datetime = Field(sa_type=DateTime)
    replaced_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    replaced_at: datetime = Field(sa_type=DateTime)


class FormInstance(Table, table=True):
    __tablename__ = "form_instance"
    __table_args__ = (
        Index("ix_form_case_type", "case_id", "form_type"),
        Index("ix_form_user_status", "responsible_user_id", "status"),
        Index("ix_form_status_manager", "status", "needs_manager"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id")
    form_type: str = Field(max_length=60)  # key of a form spec
    status: str = Field(default="in_progress", max_length=20)
    needs_manager: bool = False
    responsible_user_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_by_id: int = Field(foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    completed_at: datetime | None = Field(default=None, sa_type=DateTime)
    completed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    closed_at: datetime | None = Field(default=None, sa_type=DateTime)
    closed_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    returned_reason: str = ""
    awaiting_countersignature: bool = False
    countersigned_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    countersigned_at: datetime | None = Field(default=None, sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class FormAnswer(Table, table=True):
    __tablename__ = "form_answer"
    __table_args__ = (UniqueConstraint("form_id", "field_key"),)
    id: int | None = Field(default=None, primary_key=True)
    form_id: int = Field(foreign_key="form_instance.id", index=True)
    field_key: str = Field(max_length=80)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))


class Alert(Table, table=True):
    __tablename__ = "alert"
    __table_args__ = (Index("ix_alert_person_end", "person_id", "end_date"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    kind: str = Field(default="alert", max_length=10)  # alert | hazard
    category: str = Field(max_length=80)
    description: str = ""
    start_date: date
    end_date: date | None = None
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class KeySafe(Table, table=True):
    __tablename__ = "key_safe"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True)
    access_information: str = ""
    code: str = Field(default="", max_length=40)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class Relationship(Table, table=True):
    """A related person on record, or an external contact with their details (P4)."""

    __tablename__ = "relationship"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    related_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    relationship_type: str = Field(max_length=60)  # e.g. "Carer", "Cared for", "Daughter"
    contact_name: str = Field(default="", max_length=120)  # external contacts only
    organisation: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    address: str = ""
    start_date: date | None = None
    end_date: date | None = None
    created_at: datetime = Field(sa_type=DateTime)
    updated_at: datetime | None = Field(default=None, sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = 1


class Attachment(Table, table=True):
    __tablename__ = "attachment"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=200)
    filename: str = Field(max_length=255)
    media_type: str = Field(default="application/octet-stream", max_length=100)
    size_bytes: int = 0
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    added_at: datetime = Field(sa_type=DateTime)


class Section117(Table, table=True):
    __tablename__ = "section117"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    detention_section: str = Field(default="3", max_length=20)  # MHA section detained under
    start_date: date
    end_date: date | None = None
    status: str = Field(default="Entitled", max_length=40)
    organisation_responsible: str = Field(default="", max_length=120)
    aftercare_summary: str = ""
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    updated_at: datetime | None = Field(default=None, sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    version: int = 1


class ServiceProvision(Table, table=True):
    __tablename__ = "service_provision"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    service_type: str = Field(max_length=80)
    provider: str = Field(default="", max_length=120)
    start_date: date
    end_date: date | None = None
    units_per_week: float | None = None
    weekly_cost: float | None = None
    status: str = Field(default="Active", max_length=40)
    notes: str = ""
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)


class Safeguarding(Table, table=True):
    __tablename__ = "safeguarding"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", index=True)
    concern_date: date
    concern_type: str = Field(max_length=80)  # e.g. Neglect, Financial abuse
    source: str = Field(default="", max_length=120)
    stage: str = Field(default="Concern", max_length=40)  # Concern, Section 42 enquiry, ...
    outcome: str = Field(default="", max_length=120)
    notes: str = ""
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class DoLS(Table, table=True):
    """A Deprivation of Liberty authorisation on a case (C10)."""

    __tablename__ = "dols"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", index=True)
    authorisation_type: str = Field(default="Standard", max_length=40)
    authorisation_start: date
    authorisation_end: date | None = None  # expected end of the authorisation
    actual_end_date: date | None = None
    notes: str = ""
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(sa_type=DateTime)
    version: int = 1


class ClosureRequest(Table, table=True):
    __tablename__ = "closure_request"
    __table_args__ = (Index("ix_closure_status_team", "status", "team_id"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", index=True)
    team_id: int = Field(foreign_key="team.id")
    status: str = Field(default="pending", max_length=20)
    closure_reason: str = Field(max_length=80)
    summary: dict = Field(default_factory=dict, sa_column=_json_column())
    requested_by_id: int = Field(foreign_key="app_user.id")
    requested_at: datetime = Field(sa_type=DateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=DateTime)
    return_reason: str = ""


class Draft(Table, table=True):
    """Typed work kept across escape, ctrl+q and crashes, keyed by what it belongs to."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id")
    key: str = Field(max_length=120)  # e.g. "activity:new:case:12"
    title: str = Field(default="", max_length=200)
    data: dict = Field(default_factory=dict, sa_column=_json_column())
    updated_at: datetime = Field(sa_type=DateTime)


class AccessReview(Table, table=True):
    __tablename__ = "access_review"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    reviewed_by_id: int = Field(foreign_key="app_user.id")
    reviewed_at: datetime = Field(sa_type=DateTime)
    outcome: str = Field(max_length=200)


class AuditEntry(Table, table=True):
    """Append-only, hash-chained record of every write and every record read (S4)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_person", "person_id"),
        Index("ix_audit_case", "case_id"),
        Index("ix_audit_user_at", "user_id", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    user_login: str = Field(default="", max_length=64)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    person_id: int | None = None
    case_id: int | None = None
    detail: dict = Field(default_factory=dict, sa_column=_json_column())
    origin: str = Field(default="", max_length=120)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class StoreInfo(Table, table=True):
    """Key/value facts about the store itself (kind: live or sandbox; built when)."""

    __tablename__ = "store_info"
    key: str = Field(primary_key=True, max_length=60)
    value: str = ""
    updated_at: datetime = Field(
        sa_type=DateTime, sa_column_kwargs={"server_default": func.current_timestamp()}
    )
