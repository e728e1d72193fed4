"""diary: school structure, students and guardianships, timetable and lessons, grades,
homework, attendance, calendar feeds, notifications

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 21:08:31.086533+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "academic_years",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column(
            "term_kind",
            sa.Enum("quarter", "trimester", "half", name="diary_term_kind"),
            nullable=False,
        ),
        sa.CheckConstraint("starts_on < ends_on", name=op.f("ck_academic_years_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_academic_years_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_academic_years")),
        sa.UniqueConstraint("school_id", "year", name=op.f("uq_academic_years_school_id_year")),
    )
    op.create_table(
        "bells",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.CheckConstraint("number BETWEEN 0 AND 12", name=op.f("ck_bells_number_range")),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_bells_times_ordered")),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_bells_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bells")),
        sa.UniqueConstraint("school_id", "number", name=op.f("uq_bells_school_id_number")),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_enc", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_calendar_feeds_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_index(
        "uq_calendar_feeds_account_id_active",
        "calendar_feeds",
        ["account_id"],
        unique=True,
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.create_table(
        "grading_policies",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("five_from", sa.Numeric(precision=3, scale=2), nullable=False),
        sa.Column("four_from", sa.Numeric(precision=3, scale=2), nullable=False),
        sa.Column("three_from", sa.Numeric(precision=3, scale=2), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "three_from >= 1 AND three_from < four_from AND four_from < five_from AND five_from <= 5",
            name=op.f("ck_grading_policies_thresholds_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_grading_policies_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f("pk_grading_policies")),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("sms_kinds", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("email_kinds", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_notification_preferences_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=1000), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_notifications_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_account_id_created_at",
        "notifications",
        ["account_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_notifications_account_id_unread",
        "notifications",
        ["account_id"],
        unique=False,
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "assessment",
            sa.Enum("graded", "pass_fail", name="diary_subject_assessment"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_subjects_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_subjects_school_id_name")),
    )
    op.create_table(
        "work_types",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("weight", sa.Numeric(precision=3, scale=1), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.CheckConstraint("weight > 0 AND weight <= 10", name=op.f("ck_work_types_weight_range")),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_work_types_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_types")),
        sa.UniqueConstraint("school_id", "code", name=op.f("uq_work_types_school_id_code")),
    )
    op.create_table(
        "class_teachers",
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column(
            "assigned_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_class_teachers_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["accounts.id"],
            name=op.f("fk_class_teachers_teacher_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("class_id", name=op.f("pk_class_teachers")),
    )
    op.create_index(
        op.f("ix_class_teachers_teacher_id"), "class_teachers", ["teacher_id"], unique=False
    )
    op.create_table(
        "students",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("middle_name", sa.String(length=60), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("snils_hash", sa.String(length=64), nullable=True),
        sa.Column("student_number", sa.String(length=20), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_students_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["class_id"], ["school_classes.id"], name=op.f("fk_students_class_id_school_classes")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_students_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_students")),
        sa.UniqueConstraint("account_id", name=op.f("uq_students_account_id")),
    )
    op.create_index(
        "ix_students_class_id_last_name",
        "students",
        ["class_id", "last_name", "first_name"],
        unique=False,
    )
    op.create_index(
        "ix_students_school_id_snils_hash", "students", ["school_id", "snils_hash"], unique=False
    )
    op.create_table(
        "teaching_assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_teaching_assignments_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_teaching_assignments_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_teaching_assignments_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["accounts.id"],
            name=op.f("fk_teaching_assignments_teacher_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teaching_assignments")),
        sa.UniqueConstraint(
            "teacher_id",
            "class_id",
            "subject_id",
            name=op.f("uq_teaching_assignments_teacher_id_class_id_subject_id"),
        ),
    )
    op.create_index(
        "ix_teaching_assignments_class_id_subject_id",
        "teaching_assignments",
        ["class_id", "subject_id"],
        unique=False,
    )
    op.create_table(
        "terms",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("academic_year_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind", sa.Enum("quarter", "trimester", "half", name="diary_term_kind"), nullable=False
        ),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.CheckConstraint("number BETWEEN 1 AND 4", name=op.f("ck_terms_number_range")),
        sa.CheckConstraint("starts_on <= ends_on", name=op.f("ck_terms_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["academic_year_id"],
            ["academic_years.id"],
            name=op.f("fk_terms_academic_year_id_academic_years"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_terms_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms")),
        sa.UniqueConstraint(
            "academic_year_id", "number", name=op.f("uq_terms_academic_year_id_number")
        ),
    )
    op.create_index(
        "ix_terms_school_id_starts_on", "terms", ["school_id", "starts_on"], unique=False
    )
    op.create_table(
        "absence_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("filed_by", sa.Uuid(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum("filed", "acknowledged", name="diary_absence_note_status"),
            nullable=False,
        ),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("from_date <= to_date", name=op.f("ck_absence_notes_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["accounts.id"],
            name=op.f("fk_absence_notes_acknowledged_by_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["filed_by"],
            ["accounts.id"],
            name=op.f("fk_absence_notes_filed_by_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_absence_notes_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_notes")),
    )
    op.create_index(
        "ix_absence_notes_student_id_from_date",
        "absence_notes",
        ["student_id", "from_date"],
        unique=False,
    )
    op.create_table(
        "guardianships",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_guardianships_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_guardianships_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardianships")),
        sa.UniqueConstraint(
            "account_id", "student_id", name=op.f("uq_guardianships_account_id_student_id")
        ),
    )
    op.create_index(
        op.f("ix_guardianships_student_id"), "guardianships", ["student_id"], unique=False
    )
    op.create_table(
        "term_grades",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("academic_year", sa.SmallInteger(), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=True),
        sa.Column("period", sa.Enum("term", "year", name="diary_grade_period"), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("average", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("set_by", sa.Uuid(), nullable=False),
        sa.Column(
            "set_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "(score IS NULL) <> (passed IS NULL) AND (score IS NULL OR score BETWEEN 1 AND 5)",
            name=op.f("ck_term_grades_one_value"),
        ),
        sa.ForeignKeyConstraint(
            ["set_by"], ["accounts.id"], name=op.f("fk_term_grades_set_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_term_grades_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_term_grades_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["terms.id"], name=op.f("fk_term_grades_term_id_terms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term_grades")),
    )
    op.create_index(
        "uq_term_grades_student_subject_year_term",
        "term_grades",
        ["student_id", "subject_id", "academic_year", "term_id"],
        unique=True,
        postgresql_nulls_not_distinct=True,
    )
    op.create_table(
        "timetable_slots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "weekday BETWEEN 1 AND 7", name=op.f("ck_timetable_slots_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_timetable_slots_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_timetable_slots_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_timetable_slots_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["accounts.id"], name=op.f("fk_timetable_slots_teacher_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["terms.id"],
            name=op.f("fk_timetable_slots_term_id_terms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timetable_slots")),
        sa.UniqueConstraint(
            "term_id",
            "class_id",
            "weekday",
            "number",
            name=op.f("uq_timetable_slots_term_id_class_id_weekday_number"),
        ),
    )
    op.create_table(
        "lessons",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("term_id", sa.Uuid(), nullable=True),
        sa.Column("timetable_slot_id", sa.Uuid(), nullable=True),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("substitute_teacher_id", sa.Uuid(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("room", sa.String(length=20), nullable=True),
        sa.Column("topic", sa.String(length=500), nullable=True),
        sa.Column(
            "status",
            sa.Enum("scheduled", "cancelled", "moved", name="diary_lesson_status"),
            nullable=False,
        ),
        sa.Column("change_note", sa.String(length=300), nullable=True),
        sa.Column("original_date", sa.Date(), nullable=True),
        sa.Column("original_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_lessons_times_ordered")),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_lessons_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_lessons_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_lessons_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["substitute_teacher_id"],
            ["accounts.id"],
            name=op.f("fk_lessons_substitute_teacher_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["accounts.id"], name=op.f("fk_lessons_teacher_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["terms.id"], name=op.f("fk_lessons_term_id_terms"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["timetable_slot_id"],
            ["timetable_slots.id"],
            name=op.f("fk_lessons_timetable_slot_id_timetable_slots"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    op.create_index("ix_lessons_class_id_date", "lessons", ["class_id", "date"], unique=False)
    op.create_index(
        "ix_lessons_substitute_teacher_id_date",
        "lessons",
        ["substitute_teacher_id", "date"],
        unique=False,
        postgresql_where=sa.text("substitute_teacher_id IS NOT NULL"),
    )
    op.create_index("ix_lessons_teacher_id_date", "lessons", ["teacher_id", "date"], unique=False)
    op.create_index(op.f("ix_lessons_term_id"), "lessons", ["term_id"], unique=False)
    op.create_index("ix_lessons_timetable_slot_id", "lessons", ["timetable_slot_id"], unique=False)
    op.create_table(
        "attendance_marks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("present", "absent", "late", "excused", name="diary_attendance_status"),
            nullable=False,
        ),
        sa.Column("minutes_late", sa.SmallInteger(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("marked_by", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "minutes_late IS NULL OR minutes_late BETWEEN 1 AND 240",
            name=op.f("ck_attendance_marks_late_range"),
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_attendance_marks_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by"], ["accounts.id"], name=op.f("fk_attendance_marks_marked_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_attendance_marks_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_marks")),
        sa.UniqueConstraint(
            "lesson_id", "student_id", name=op.f("uq_attendance_marks_lesson_id_student_id")
        ),
    )
    op.create_index(
        "ix_attendance_marks_student_id_date",
        "attendance_marks",
        ["student_id", "date"],
        unique=False,
    )
    op.create_table(
        "grades",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("work_type_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.String(length=500), nullable=True),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(score IS NULL) <> (passed IS NULL) AND (score IS NULL OR score BETWEEN 1 AND 5)",
            name=op.f("ck_grades_one_value"),
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_grades_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_grades_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_grades_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["accounts.id"], name=op.f("fk_grades_teacher_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["work_type_id"], ["work_types.id"], name=op.f("fk_grades_work_type_id_work_types")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grades")),
    )
    op.create_index("ix_grades_student_id_date", "grades", ["student_id", "date"], unique=False)
    op.create_index(
        "ix_grades_student_id_subject_id_date",
        "grades",
        ["student_id", "subject_id", "date"],
        unique=False,
    )
    op.create_index(
        "uq_grades_lesson_student_work_type",
        "grades",
        ["lesson_id", "student_id", "work_type_id"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "homework",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "attachments",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_homework_class_id_school_classes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["lessons.id"],
            name=op.f("fk_homework_lesson_id_lessons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_homework_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_homework_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["accounts.id"], name=op.f("fk_homework_teacher_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework")),
    )
    op.create_index(
        "ix_homework_class_id_due_date", "homework", ["class_id", "due_date"], unique=False
    )
    op.create_index(
        "ix_homework_due_date_unreminded",
        "homework",
        ["due_date"],
        unique=False,
        postgresql_where=sa.text("reminded_at IS NULL"),
    )
    op.create_index(op.f("ix_homework_lesson_id"), "homework", ["lesson_id"], unique=False)
    op.create_table(
        "grade_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("grade_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column(
            "action",
            sa.Enum("created", "changed", "deleted", name="diary_grade_action"),
            nullable=False,
        ),
        sa.Column("old_value", sa.String(length=4), nullable=True),
        sa.Column("new_value", sa.String(length=4), nullable=True),
        sa.Column("comment", sa.String(length=500), nullable=True),
        sa.Column("changed_by", sa.Uuid(), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["accounts.id"], name=op.f("fk_grade_changes_changed_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["grade_id"],
            ["grades.id"],
            name=op.f("fk_grade_changes_grade_id_grades"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_grade_changes_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_changes")),
    )
    op.create_index(op.f("ix_grade_changes_grade_id"), "grade_changes", ["grade_id"], unique=False)
    op.create_index(
        "ix_grade_changes_student_id_changed_at",
        "grade_changes",
        ["student_id", "changed_at"],
        unique=False,
    )
    op.create_table(
        "homework_comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("homework_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.String(length=2000), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_homework_comments_author_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["homework_id"],
            ["homework.id"],
            name=op.f("fk_homework_comments_homework_id_homework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_homework_comments_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_comments")),
    )
    op.create_index(
        "ix_homework_comments_thread",
        "homework_comments",
        ["homework_id", "student_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "homework_completions",
        sa.Column("homework_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column(
            "done_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["homework_id"],
            ["homework.id"],
            name=op.f("fk_homework_completions_homework_id_homework"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_homework_completions_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("homework_id", "student_id", name=op.f("pk_homework_completions")),
    )


def downgrade() -> None:
    op.drop_table("homework_completions")
    op.drop_index("ix_homework_comments_thread", table_name="homework_comments")
    op.drop_table("homework_comments")
    op.drop_index("ix_grade_changes_student_id_changed_at", table_name="grade_changes")
    op.drop_index(op.f("ix_grade_changes_grade_id"), table_name="grade_changes")
    op.drop_table("grade_changes")
    op.drop_index(op.f("ix_homework_lesson_id"), table_name="homework")
    op.drop_index(
        "ix_homework_due_date_unreminded",
        table_name="homework",
        postgresql_where=sa.text("reminded_at IS NULL"),
    )
    op.drop_index("ix_homework_class_id_due_date", table_name="homework")
    op.drop_table("homework")
    op.drop_index(
        "uq_grades_lesson_student_work_type",
        table_name="grades",
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index("ix_grades_student_id_subject_id_date", table_name="grades")
    op.drop_index("ix_grades_student_id_date", table_name="grades")
    op.drop_table("grades")
    op.drop_index("ix_attendance_marks_student_id_date", table_name="attendance_marks")
    op.drop_table("attendance_marks")
    op.drop_index("ix_lessons_timetable_slot_id", table_name="lessons")
    op.drop_index(op.f("ix_lessons_term_id"), table_name="lessons")
    op.drop_index("ix_lessons_teacher_id_date", table_name="lessons")
    op.drop_index(
        "ix_lessons_substitute_teacher_id_date",
        table_name="lessons",
        postgresql_where=sa.text("substitute_teacher_id IS NOT NULL"),
    )
    op.drop_index("ix_lessons_class_id_date", table_name="lessons")
    op.drop_table("lessons")
    op.drop_table("timetable_slots")
    op.drop_index(
        "uq_term_grades_student_subject_year_term",
        table_name="term_grades",
        postgresql_nulls_not_distinct=True,
    )
    op.drop_table("term_grades")
    op.drop_index(op.f("ix_guardianships_student_id"), table_name="guardianships")
    op.drop_table("guardianships")
    op.drop_index("ix_absence_notes_student_id_from_date", table_name="absence_notes")
    op.drop_table("absence_notes")
    op.drop_index("ix_terms_school_id_starts_on", table_name="terms")
    op.drop_table("terms")
    op.drop_index("ix_teaching_assignments_class_id_subject_id", table_name="teaching_assignments")
    op.drop_table("teaching_assignments")
    op.drop_index("ix_students_school_id_snils_hash", table_name="students")
    op.drop_index("ix_students_class_id_last_name", table_name="students")
    op.drop_table("students")
    op.drop_index(op.f("ix_class_teachers_teacher_id"), table_name="class_teachers")
    op.drop_table("class_teachers")
    op.drop_table("work_types")
    op.drop_table("subjects")
    op.drop_index(
        "ix_notifications_account_id_unread",
        table_name="notifications",
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.drop_index("ix_notifications_account_id_created_at", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("notification_preferences")
    op.drop_table("grading_policies")
    op.drop_index(
        "uq_calendar_feeds_account_id_active",
        table_name="calendar_feeds",
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.drop_table("calendar_feeds")
    op.drop_table("bells")
    op.drop_table("academic_years")
    sa.Enum(name="diary_absence_note_status").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="diary_attendance_status").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="diary_grade_action").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="diary_grade_period").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="diary_lesson_status").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="diary_subject_assessment").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="diary_term_kind").drop(op.get_bind(), checkfirst=True)
