"""family signatures by SMS code and individual learning plans (ИУП)

A guardian's simple electronic signature: a challenge binds an identity one-time code
(new purpose ``signature``) to what is signed; the signature keeps the canonical JSON
signed and its SHA-256. Learning plans with their history and discussion.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 14:56:25.115411+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not used in this transaction, so ADD VALUE may run inside it.
    op.execute("ALTER TYPE one_time_code_purpose ADD VALUE IF NOT EXISTS 'signature'")
    op.create_table(
        "signature_challenges",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column(
            "subject_type",
            sa.Enum("learning_plan", "report_ack", name="signature_subject"),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("code_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_signature_challenges_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id"],
            ["one_time_codes.id"],
            name=op.f("fk_signature_challenges_code_id_one_time_codes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_signature_challenges_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature_challenges")),
    )
    op.create_index(
        op.f("ix_signature_challenges_account_id"),
        "signature_challenges",
        ["account_id"],
        unique=False,
    )
    op.create_table(
        "family_signatures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("challenge_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column(
            "subject_type",
            sa.Enum("learning_plan", "report_ack", name="signature_subject"),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_family_signatures_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["signature_challenges.id"],
            name=op.f("fk_family_signatures_challenge_id_signature_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_family_signatures_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_signatures")),
        sa.UniqueConstraint("challenge_id", name=op.f("uq_family_signatures_challenge_id")),
    )
    op.create_index(
        "ix_family_signatures_account_id_signed_at",
        "family_signatures",
        ["account_id", "signed_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_family_signatures_student_id"), "family_signatures", ["student_id"], unique=False
    )
    op.create_index(
        "uq_family_signatures_subject_account",
        "family_signatures",
        ["subject_type", "subject_id", "account_id"],
        unique=True,
    )
    op.create_table(
        "learning_plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "proposed",
                "changes_requested",
                "signed",
                "approved",
                "declined",
                "withdrawn",
                name="learning_plan_status",
            ),
            nullable=False,
        ),
        sa.Column(
            "origin", sa.Enum("family", "school", name="learning_plan_origin"), nullable=False
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signature_id", sa.Uuid(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signed_sha256", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["accounts.id"],
            name=op.f("fk_learning_plans_approved_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["accounts.id"],
            name=op.f("fk_learning_plans_created_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_learning_plans_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signature_id"],
            ["family_signatures.id"],
            name=op.f("fk_learning_plans_signature_id_family_signatures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_learning_plans_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_plans")),
    )
    op.create_index(
        "ix_learning_plans_school_id_status",
        "learning_plans",
        ["school_id", "status"],
        unique=False,
    )
    op.create_index(
        "ix_learning_plans_student_id_created_at",
        "learning_plans",
        ["student_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "learning_plan_comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_role", sa.String(length=32), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_learning_plan_comments_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["learning_plans.id"],
            name=op.f("fk_learning_plan_comments_plan_id_learning_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_plan_comments")),
    )
    op.create_index(
        "ix_learning_plan_comments_plan_id_created_at",
        "learning_plan_comments",
        ["plan_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "learning_plan_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column(
            "status_from",
            sa.Enum(
                "requested",
                "proposed",
                "changes_requested",
                "signed",
                "approved",
                "declined",
                "withdrawn",
                name="learning_plan_status",
            ),
            nullable=True,
        ),
        sa.Column(
            "status_to",
            sa.Enum(
                "requested",
                "proposed",
                "changes_requested",
                "signed",
                "approved",
                "declined",
                "withdrawn",
                name="learning_plan_status",
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["accounts.id"],
            name=op.f("fk_learning_plan_events_actor_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["learning_plans.id"],
            name=op.f("fk_learning_plan_events_plan_id_learning_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_plan_events")),
    )
    op.create_index(
        "ix_learning_plan_events_plan_id_id",
        "learning_plan_events",
        ["plan_id", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_learning_plan_events_plan_id_id", table_name="learning_plan_events")
    op.drop_table("learning_plan_events")
    op.drop_index(
        "ix_learning_plan_comments_plan_id_created_at", table_name="learning_plan_comments"
    )
    op.drop_table("learning_plan_comments")
    op.drop_index("ix_learning_plans_student_id_created_at", table_name="learning_plans")
    op.drop_index("ix_learning_plans_school_id_status", table_name="learning_plans")
    op.drop_table("learning_plans")
    op.drop_index("uq_family_signatures_subject_account", table_name="family_signatures")
    op.drop_index(op.f("ix_family_signatures_student_id"), table_name="family_signatures")
    op.drop_index("ix_family_signatures_account_id_signed_at", table_name="family_signatures")
    op.drop_table("family_signatures")
    op.drop_index(op.f("ix_signature_challenges_account_id"), table_name="signature_challenges")
    op.drop_table("signature_challenges")
    op.execute("DROP TYPE learning_plan_status")
    op.execute("DROP TYPE learning_plan_origin")
    op.execute("DROP TYPE signature_subject")
    op.execute("DELETE FROM one_time_codes WHERE purpose = 'signature'")
    # PostgreSQL cannot drop one value of an enum: rebuild the type without it.
    op.execute("ALTER TYPE one_time_code_purpose RENAME TO one_time_code_purpose_old")
    op.execute(
        "CREATE TYPE one_time_code_purpose AS ENUM ('register', 'login', 'reset', 'phone_change')"
    )
    op.execute(
        "ALTER TABLE one_time_codes ALTER COLUMN purpose TYPE one_time_code_purpose "
        "USING purpose::text::one_time_code_purpose"
    )
    op.execute("DROP TYPE one_time_code_purpose_old")
