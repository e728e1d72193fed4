"""events of schools and classes, parent meetings with bookable slots, a lesson's planned
work (issue 11, contract §4)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 12:35:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_KIND = postgresql.ENUM(
    "parent_meeting", "test", "event", "holiday", name="diary_event_kind", create_type=False
)


def upgrade() -> None:
    EVENT_KIND.create(op.get_bind(), checkfirst=False)
    op.create_table(
        "school_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("whole_school", sa.Boolean(), nullable=False),
        sa.Column("kind", EVENT_KIND, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("starts_at <= ends_at", name=op.f("ck_school_events_times_ordered")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_school_events_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_school_events_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_events")),
    )
    op.create_index(
        "ix_school_events_school_id_starts_at", "school_events", ["school_id", "starts_at"]
    )
    op.create_index(
        "ix_school_events_starts_at_unreminded",
        "school_events",
        ["starts_at"],
        postgresql_where=sa.text("reminded_at IS NULL"),
    )
    op.create_table(
        "school_event_classes",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_school_event_classes_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["school_events.id"],
            name=op.f("fk_school_event_classes_event_id_school_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "class_id", name=op.f("pk_school_event_classes")),
    )
    op.create_index("ix_school_event_classes_class_id", "school_event_classes", ["class_id"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("organiser_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_meetings_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organiser_id"], ["accounts.id"], name=op.f("fk_meetings_organiser_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_meetings_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index("ix_meetings_class_id", "meetings", ["class_id"])
    op.create_table(
        "meeting_slots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("booked_by", sa.Uuid(), nullable=True),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_meeting_slots_times_ordered")),
        sa.ForeignKeyConstraint(
            ["booked_by"],
            ["accounts.id"],
            name=op.f("fk_meeting_slots_booked_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_slots_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_meeting_slots_student_id_students"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_slots")),
    )
    op.create_index(
        "ix_meeting_slots_meeting_id_starts_at", "meeting_slots", ["meeting_id", "starts_at"]
    )
    op.create_index(
        "uq_meeting_slots_meeting_id_student_id",
        "meeting_slots",
        ["meeting_id", "student_id"],
        unique=True,
        postgresql_where=sa.text("student_id IS NOT NULL"),
    )
    op.create_index(
        "ix_meeting_slots_starts_at_unreminded",
        "meeting_slots",
        ["starts_at"],
        postgresql_where=sa.text("student_id IS NOT NULL AND reminded_at IS NULL"),
    )
    op.add_column("lessons", sa.Column("planned_work_type_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_lessons_planned_work_type_id_work_types"),
        "lessons",
        "work_types",
        ["planned_work_type_id"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint(
        op.f("fk_lessons_planned_work_type_id_work_types"), "lessons", type_="foreignkey"
    )
    op.drop_column("lessons", "planned_work_type_id")
    op.drop_table("meeting_slots")
    op.drop_table("meetings")
    op.drop_table("school_event_classes")
    op.drop_table("school_events")
    EVENT_KIND.drop(op.get_bind(), checkfirst=False)
