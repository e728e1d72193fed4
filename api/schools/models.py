"""The school registry: schools (from the official register) and their classes."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base


class SchoolKind(enum.StrEnum):
    school = "school"
    gymnasium = "gymnasium"
    lyceum = "lyceum"
    education_center = "education_center"
    boarding = "boarding"
    special = "special"


KIND_NAMES: dict[SchoolKind, str] = {
    SchoolKind.school: "общеобразовательная школа",
    SchoolKind.gymnasium: "гимназия",
    SchoolKind.lyceum: "лицей",
    SchoolKind.education_center: "центр образования",
    SchoolKind.boarding: "школа-интернат",
    SchoolKind.special: "коррекционная школа",
}


class SchoolStatus(enum.StrEnum):
    active = "active"
    reorganizing = "reorganizing"
    closed = "closed"


class School(Base):
    """An educational organisation from the official register (ИНН is its identity)."""

    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint("inn ~ '^[0-9]{10}$'", name="inn_format"),
        CheckConstraint("ogrn ~ '^[0-9]{13}$'", name="ogrn_format"),
        CheckConstraint("kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'", name="kpp_format"),
        CheckConstraint("region_code ~ '^[0-9]{2}$'", name="region_code_format"),
        CheckConstraint("journal_keep_years BETWEEN 1 AND 75", name="journal_keep_years_range"),
        # Typo-tolerant search: `search_text %> :word` and word_similarity() use this index.
        Index(
            "ix_schools_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        # Alphabetical listing, whole register and per region.
        Index("ix_schools_short_name", "short_name"),
        Index("ix_schools_region_code_short_name", "region_code", "short_name"),
        # Listing totals by index-only scan: the search never lists closed schools.
        Index(
            "ix_schools_open",
            "region_code",
            "kind",
            "connected",
            postgresql_where=text("status <> 'closed'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    full_name: Mapped[str] = mapped_column(String(1000))
    short_name: Mapped[str] = mapped_column(String(500))
    inn: Mapped[str] = mapped_column(String(10), unique=True)
    ogrn: Mapped[str] = mapped_column(String(13), unique=True)
    kpp: Mapped[str] = mapped_column(String(9))
    region_code: Mapped[str] = mapped_column(String(2))
    region_name: Mapped[str] = mapped_column(String(100))
    municipality: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500))
    kind: Mapped[SchoolKind] = mapped_column(Enum(SchoolKind, name="school_kind"))
    status: Mapped[SchoolStatus] = mapped_column(
        Enum(SchoolStatus, name="school_status"), default=SchoolStatus.active
    )
    # The school uses edudiary and takes applications.
    connected: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    website: Mapped[str | None] = mapped_column(String(500))
    # How long the school keeps its class journal (номенклатура дел: electronic journal,
    # 5 years by the Rosarkhiv list — docs/personal-data.md, «Выбывшие ученики»): once a
    # pupil left longer ago than this, the retention pass depersonalises the pupil's row
    # and keeps the grades and attendance on it. Per school: its nomenclature may differ.
    journal_keep_years: Mapped[int] = mapped_column(SmallInteger, server_default="5")
    # The distinctive words of the short and full name, municipality and address, folded
    # (lower case, ё→е, й→и, no quotes or №), each once, padded with spaces: " кемецкая 57 ".
    # Written by the service on every insert and update (api/schools/text.py).
    search_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SchoolClass(Base):
    """A class of one academic year: 9-Б of 2026/2027 (``academic_year`` is 2026)."""

    __tablename__ = "school_classes"
    __table_args__ = (
        UniqueConstraint("school_id", "academic_year", "grade", "letter"),
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),
        CheckConstraint("letter ~ '^[А-ЯЁ]$'", name="letter_cyrillic"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    academic_year: Mapped[int] = mapped_column(SmallInteger)
    grade: Mapped[int] = mapped_column(SmallInteger)
    letter: Mapped[str] = mapped_column(String(1))
    profile: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Kept by a trigger (migration 0021): OneRoster's dateLastModified.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def name(self) -> str:
        return f"{self.grade}-{self.letter}"
