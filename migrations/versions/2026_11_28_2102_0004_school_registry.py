"""school registry: schools (trigram-searchable) and their classes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 21:02:33.715437+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Typo-tolerant search: the GIN index below uses gin_trgm_ops. The extension stays on
    # downgrade (other features may use it too).
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "schools",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("full_name", sa.String(length=1000), nullable=False),
        sa.Column("short_name", sa.String(length=500), nullable=False),
        sa.Column("inn", sa.String(length=10), nullable=False),
        sa.Column("ogrn", sa.String(length=13), nullable=False),
        sa.Column("kpp", sa.String(length=9), nullable=False),
        sa.Column("region_code", sa.String(length=2), nullable=False),
        sa.Column("region_name", sa.String(length=100), nullable=False),
        sa.Column("municipality", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "school",
                "gymnasium",
                "lyceum",
                "education_center",
                "boarding",
                "special",
                name="school_kind",
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("active", "reorganizing", "closed", name="school_status"),
            nullable=False,
        ),
        sa.Column("connected", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
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
        sa.CheckConstraint("inn ~ '^[0-9]{10}$'", name=op.f("ck_schools_inn_format")),
        sa.CheckConstraint(
            "kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'", name=op.f("ck_schools_kpp_format")
        ),
        sa.CheckConstraint("ogrn ~ '^[0-9]{13}$'", name=op.f("ck_schools_ogrn_format")),
        sa.CheckConstraint(
            "region_code ~ '^[0-9]{2}$'", name=op.f("ck_schools_region_code_format")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("inn", name=op.f("uq_schools_inn")),
        sa.UniqueConstraint("ogrn", name=op.f("uq_schools_ogrn")),
    )
    op.create_index(
        "ix_schools_region_code_short_name",
        "schools",
        ["region_code", "short_name"],
        unique=False,
    )
    op.create_index("ix_schools_short_name", "schools", ["short_name"], unique=False)
    op.create_index(
        "ix_schools_open",
        "schools",
        ["region_code", "kind", "connected"],
        unique=False,
        postgresql_where=sa.text("status <> 'closed'"),
    )
    op.create_index(
        "ix_schools_search_text_trgm",
        "schools",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_table(
        "school_classes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("academic_year", sa.SmallInteger(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.Column("letter", sa.String(length=1), nullable=False),
        sa.Column("profile", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("letter ~ '^[А-ЯЁ]$'", name=op.f("ck_school_classes_letter_cyrillic")),
        sa.CheckConstraint("grade BETWEEN 1 AND 11", name=op.f("ck_school_classes_grade_range")),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_school_classes_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_classes")),
        sa.UniqueConstraint(
            "school_id",
            "academic_year",
            "grade",
            "letter",
            name=op.f("uq_school_classes_school_id_academic_year_grade_letter"),
        ),
    )


def downgrade() -> None:
    op.drop_table("school_classes")
    op.drop_index(
        "ix_schools_search_text_trgm",
        table_name="schools",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_schools_open", table_name="schools", postgresql_where=sa.text("status <> 'closed'")
    )
    op.drop_index("ix_schools_short_name", table_name="schools")
    op.drop_index("ix_schools_region_code_short_name", table_name="schools")
    op.drop_table("schools")
    sa.Enum(name="school_status").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="school_kind").drop(op.get_bind(), checkfirst=True)
