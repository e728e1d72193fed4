"""Homework of a lesson, students' "done" marks and the family–teacher comments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base
from api.diary.types import TS


class Homework(Base):
    __tablename__ = "homework"
    __table_args__ = (
        Index("ix_homework_class_id_due_date", "class_id", "due_date"),
        Index(
            "ix_homework_due_date_unreminded",
            "due_date",
            postgresql_where=text("reminded_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    lesson_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    class_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("school_classes.id", ondelete="CASCADE"))
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subjects.id", ondelete="CASCADE"))
    teacher_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    # [{"name": "Учебник, с. 42", "url": "https://..."}]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    reminded_at: Mapped[datetime | None] = mapped_column(TS)
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class HomeworkCompletion(Base):
    """The student marked the homework done."""

    __tablename__ = "homework_completions"

    homework_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("homework.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), primary_key=True
    )
    done_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())


class HomeworkComment(Base):
    """A message about one student's homework, between the family and the teacher."""

    __tablename__ = "homework_comments"
    __table_args__ = (
        Index("ix_homework_comments_thread", "homework_id", "student_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    homework_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("homework.id", ondelete="CASCADE"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(TS, server_default=func.now())
