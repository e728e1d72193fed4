"""verification documents children audit

Account identities (SNILS, passport: encrypted, keyed hashes unique), confirmations and
one-time confirmation codes; document scans; children; the audit log, made append-only
by a trigger that refuses UPDATE, DELETE and TRUNCATE.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-28 21:06:03.218518+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

APPEND_ONLY_FUNCTION = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column(
            "actor_roles",
            postgresql.ARRAY(sa.String(length=32)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=True),
        sa.Column(
            "details",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_actor_id_at", "audit_events", ["actor_id", "at"], unique=False)
    op.create_index(
        "ix_audit_events_object_id_at", "audit_events", ["object_id", "at"], unique=False
    )
    op.execute(APPEND_ONLY_FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
    )
    op.create_table(
        "account_confirmations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column(
            "method",
            sa.Enum("service_center", "video", "code", name="confirmation_method"),
            nullable=False,
        ),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_confirmations_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["accounts.id"],
            name=op.f("fk_account_confirmations_operator_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_confirmations")),
    )
    op.create_index(
        op.f("ix_account_confirmations_account_id"),
        "account_confirmations",
        ["account_id"],
        unique=False,
    )
    op.create_table(
        "account_identities",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("snils_enc", sa.LargeBinary(), nullable=True),
        sa.Column("snils_hash", sa.String(length=64), nullable=True),
        sa.Column("passport_enc", sa.LargeBinary(), nullable=True),
        sa.Column("passport_hash", sa.String(length=64), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column(
            "registry_status",
            sa.Enum("pending", "verified", "mismatch", name="registry_status"),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("registry_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registry_message", sa.String(length=1000), nullable=True),
        sa.Column("registry_message_en", sa.String(length=1000), nullable=True),
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
            name=op.f("fk_account_identities_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_identities")),
        sa.UniqueConstraint("passport_hash", name=op.f("uq_account_identities_passport_hash")),
        sa.UniqueConstraint("snils_hash", name=op.f("uq_account_identities_snils_hash")),
    )
    op.create_table(
        "children",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("guardian_id", sa.Uuid(), nullable=False),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=False),
        sa.Column("middle_name", sa.String(length=60), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("snils_enc", sa.LargeBinary(), nullable=False),
        sa.Column("snils_hash", sa.String(length=64), nullable=False),
        sa.Column("birth_certificate_enc", sa.LargeBinary(), nullable=False),
        sa.Column("birth_certificate_hash", sa.String(length=64), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=True),
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
            ["guardian_id"],
            ["accounts.id"],
            name=op.f("fk_children_guardian_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
        sa.UniqueConstraint(
            "guardian_id", "snils_hash", name=op.f("uq_children_guardian_id_snils_hash")
        ),
    )
    op.create_index(
        op.f("ix_children_birth_certificate_hash"),
        "children",
        ["birth_certificate_hash"],
        unique=False,
    )
    op.create_index(op.f("ix_children_guardian_id"), "children", ["guardian_id"], unique=False)
    op.create_index(op.f("ix_children_snils_hash"), "children", ["snils_hash"], unique=False)
    op.create_table(
        "confirmation_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("issued_by", sa.Uuid(), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_confirmation_codes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["accounts.id"],
            name=op.f("fk_confirmation_codes_issued_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confirmation_codes")),
    )
    op.create_index(
        op.f("ix_confirmation_codes_account_id"), "confirmation_codes", ["account_id"], unique=False
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("passport", "birth_certificate", "snils", "other", name="document_kind"),
            nullable=False,
        ),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("dpi", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("uploaded", "verified", "rejected", name="document_status"),
            server_default="uploaded",
            nullable=False,
        ),
        sa.Column("storage_key", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_documents_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_documents_child_id_children"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_account_id"), "documents", ["account_id"], unique=False)
    op.create_index(op.f("ix_documents_child_id"), "documents", ["child_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_documents_child_id"), table_name="documents")
    op.drop_index(op.f("ix_documents_account_id"), table_name="documents")
    op.drop_table("documents")
    op.drop_index(op.f("ix_confirmation_codes_account_id"), table_name="confirmation_codes")
    op.drop_table("confirmation_codes")
    op.drop_index(op.f("ix_children_snils_hash"), table_name="children")
    op.drop_index(op.f("ix_children_guardian_id"), table_name="children")
    op.drop_index(op.f("ix_children_birth_certificate_hash"), table_name="children")
    op.drop_table("children")
    op.drop_table("account_identities")
    op.drop_index(op.f("ix_account_confirmations_account_id"), table_name="account_confirmations")
    op.drop_table("account_confirmations")
    op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
    op.execute("DROP TRIGGER audit_events_no_update_delete ON audit_events")
    op.execute("DROP FUNCTION audit_events_append_only()")
    op.drop_index("ix_audit_events_object_id_at", table_name="audit_events")
    op.drop_index("ix_audit_events_actor_id_at", table_name="audit_events")
    op.drop_table("audit_events")
    for enum_type in ("document_status", "document_kind", "registry_status", "confirmation_method"):
        sa.Enum(name=enum_type).drop(op.get_bind(), checkfirst=False)
