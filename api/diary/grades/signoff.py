"""Term sign-off (REPORTS.md §5): the teacher signs a class's term grades in a subject;
corrections after that need a reason and make a new signed record naming the old one.

Who: only a teacher assigned to that class and subject signs; the school's staff read the
records; a family reads its own child's excerpt; anyone verifies.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, ScalarSelect, String, cast, exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.grades import signing
from api.diary.grades.models import GradePeriod, TermGrade
from api.diary.grades.schemas import grade_value
from api.diary.grades.signoff_models import RecordSigningKey, SignedRecord
from api.diary.grades.signoff_schemas import SignedRecordOut, VerifyOut
from api.diary.schemas import person_name
from api.diary.structure import students as structure_students
from api.diary.structure import terms as structure_terms
from api.diary.structure.models import AcademicYear, Student, Subject, Term
from api.diary.structure.viewer import Viewer, is_family_of, runs_class, teaches
from api.errors import Conflict, FieldError, Forbidden, NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.keys import key_ring
from api.identity.models import Account
from api.schools.models import School, SchoolClass
from api.statements import Row

DOCUMENT_TYPE = "edudiary.term-grades"


def record_not_found() -> NotFound:
    return NotFound(
        code="signed_record_not_found",
        detail=Text("Такой подписанной ведомости нет", "No such signed record"),
    )


def class_not_found() -> NotFound:
    return NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))


def term_signed() -> Conflict:
    return Conflict(
        code="term_signed",
        detail=Text(
            "Итоговые оценки за этот период подписаны. Изменить их можно только исправлением: "
            "укажите причину (correction_reason) — будет подписана новая ведомость.",
            "The term grades are signed. Change them only by a correction: give "
            "correction_reason and a new signed record will be made.",
        ),
    )


async def in_force(
    session: AsyncSession, class_id: uuid.UUID, subject_id: uuid.UUID, term_id: uuid.UUID
) -> SignedRecord | None:
    """The head of the chain: the record of the class, subject and term nobody corrected."""
    corrected = select(SignedRecord.corrects_id).where(SignedRecord.corrects_id.is_not(None))
    record: SignedRecord | None = await session.scalar(
        select(SignedRecord).where(
            SignedRecord.class_id == class_id,
            SignedRecord.subject_id == subject_id,
            SignedRecord.term_id == term_id,
            SignedRecord.id.not_in(corrected),
        )
    )
    return record


def signed_values(record: SignedRecord) -> dict[uuid.UUID, str | None]:
    document = orjson.loads(record.document)
    return {uuid.UUID(row["student_id"]): row["term_grade"] for row in document["grades"]}


def changes_signed(record: SignedRecord, new: Mapping[uuid.UUID, str | None]) -> bool:
    """Whether writing ``new`` (student → term grade) changes a grade the record signed."""
    signed = signed_values(record)
    return any(
        student_id in signed and signed[student_id] != value for student_id, value in new.items()
    )


def _term_grade_text(row: TermGrade) -> str:
    return str(grade_value(row.score, row.passed))


async def _grades(
    session: AsyncSession, school_class: SchoolClass, subject_id: uuid.UUID, term: Term
) -> list[tuple[Student, str | None]]:
    roster = await structure_students.class_roster(session, school_class.id)
    rows = await session.scalars(
        select(TermGrade).where(
            TermGrade.student_id.in_([s.id for s in roster]),
            TermGrade.subject_id == subject_id,
            TermGrade.term_id == term.id,
            TermGrade.period == GradePeriod.term,
        )
    )
    by_student = {row.student_id: _term_grade_text(row) for row in rows}
    return [(s, by_student.get(s.id)) for s in roster]


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


async def _document(
    session: AsyncSession,
    *,
    record_id: uuid.UUID,
    school_class: SchoolClass,
    subject: Subject,
    term: Term,
    signer: Account,
    signed_at: datetime,
    grades: list[tuple[Student, str | None]],
    corrects: SignedRecord | None,
    reason: str | None,
) -> dict[str, Any]:
    school = await session.get(School, school_class.school_id)
    year = await session.get(AcademicYear, term.academic_year_id)
    assert school is not None
    assert year is not None
    return {
        "type": DOCUMENT_TYPE,
        "version": 1,
        "id": str(record_id),
        "school": {"id": str(school.id), "name": school.short_name or school.full_name},
        "class": {"id": str(school_class.id), "name": school_class.name},
        "subject": {"id": str(subject.id), "name": subject.name},
        "term": {
            "id": str(term.id),
            "name": structure_terms.term_name(term.kind, term.number),
            "academic_year": f"{year.year}/{year.year + 1}",
            "starts_on": term.starts_on.isoformat(),
            "ends_on": term.ends_on.isoformat(),
        },
        "signer": {
            "id": str(signer.id),
            "name": person_name(signer.last_name, signer.first_name, signer.middle_name),
        },
        "signed_at": _instant(signed_at),
        "grades": [
            {
                "student_id": str(s.id),
                "student_name": person_name(s.last_name, s.first_name, s.middle_name),
                "term_grade": value,
            }
            for s, value in grades
        ],
        "corrects": str(corrects.id) if corrects is not None else None,
        "correction_reason": reason,
        "excerpt_for": None,
    }


def excerpt(document: dict[str, Any], student_id: str) -> dict[str, Any]:
    """The document cut down to one student's row: what that student's family sees."""
    rows = [row for row in document["grades"] if row["student_id"] == student_id]
    return document | {"grades": rows, "excerpt_for": student_id}


async def _sign(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    school_class: SchoolClass,
    subject: Subject,
    term: Term,
    grades: list[tuple[Student, str | None]],
    corrects: SignedRecord | None = None,
    reason: str | None = None,
) -> SignedRecord:
    key = key_ring(settings).signing
    signer = await session.get(Account, principal.account_id)
    assert signer is not None
    record_id = uuid.uuid4()
    # To the microsecond, as PostgreSQL keeps it: the document and the row say the same
    # instant, and a correction made in the same second still sorts after its original.
    signed_at = clock.now().astimezone(UTC)
    document = await _document(
        session,
        record_id=record_id,
        school_class=school_class,
        subject=subject,
        term=term,
        signer=signer,
        signed_at=signed_at,
        grades=grades,
        corrects=corrects,
        reason=reason,
    )
    await session.execute(
        insert(RecordSigningKey)
        .values(kid=key.kid, public_jwk=key.public_jwk)
        .on_conflict_do_nothing(index_elements=["kid"])
    )
    record = SignedRecord(
        id=record_id,
        school_id=school_class.school_id,
        class_id=school_class.id,
        subject_id=subject.id,
        term_id=term.id,
        signer_id=signer.id,
        document=signing.canonical(document).decode(),
        signature=signing.sign(document, key),
        key_id=key.kid,
        signed_at=signed_at,
        corrects_id=corrects.id if corrects is not None else None,
        correction_reason=reason,
        excerpts={str(s.id): signing.sign(excerpt(document, str(s.id)), key) for s, _ in grades},
    )
    session.add(record)
    await session.flush()
    return record


async def _signing_context(
    session: AsyncSession,
    principal: Principal,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    term_id: uuid.UUID,
) -> tuple[SchoolClass, Subject, Term]:
    viewer = Viewer.of(principal)
    school_class = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.id == class_id, teaches(viewer, SchoolClass.id, subject_id)
        )
    )
    if school_class is None:
        if await session.scalar(
            select(SchoolClass.id).where(
                SchoolClass.id == class_id,
                or_(
                    runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                    teaches(viewer, SchoolClass.id),
                ),
            )
        ):
            raise Forbidden(
                code="not_subject_teacher",
                detail=Text(
                    "Подписать итоговые оценки может только учитель этого предмета в классе",
                    "Only the class's teacher of this subject signs its term grades",
                ),
            )
        raise class_not_found()
    subject = await session.scalar(
        select(Subject).where(Subject.id == subject_id, Subject.school_id == school_class.school_id)
    )
    if subject is None:
        raise NotFound(
            code="subject_not_found", detail=Text("Такого предмета нет", "No such subject")
        )
    term = await session.scalar(
        select(Term).where(Term.id == term_id, Term.school_id == school_class.school_id)
    )
    if term is None:
        raise NotFound(code="term_not_found", detail=Text("Такого периода нет", "No such term"))
    return school_class, subject, term


async def sign_off(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    term_id: uuid.UUID,
) -> SignedRecord:
    school_class, subject, term = await _signing_context(
        session, principal, class_id, subject_id, term_id
    )
    # One sign-off at a time per class, subject and term (two clicks, two tabs).
    await session.execute(
        select(
            func.pg_advisory_xact_lock(
                func.hashtextextended(f"signoff:{class_id}:{subject_id}:{term_id}", 0)
            )
        )
    )
    current = await in_force(session, class_id, subject_id, term_id)
    if current is not None:
        raise Conflict(
            code="term_already_signed",
            detail=Text(
                "Итоговые оценки за этот период уже подписаны. Исправление — через "
                "выставление итоговых оценок с причиной исправления.",
                "The term grades are already signed. Correct them by setting term grades "
                "with a correction reason.",
            ),
        )
    grades = await _grades(session, school_class, subject_id, term)
    missing = [s for s, value in grades if value is None]
    if missing or not grades:
        raise Conflict(
            code="term_grades_incomplete",
            detail=Text(
                f"Не у всех учеников есть итоговая оценка за период (нет у {len(missing)}): "
                "выставьте итоговые оценки, затем подпишите ведомость.",
                f"Some students have no term grade ({len(missing)}): set the term grades "
                "first, then sign.",
            ),
            errors=[
                FieldError(
                    f"grades.{s.id}",
                    "term_grade_missing",
                    Text("Нет итоговой оценки", "No term grade"),
                )
                for s in missing
            ],
        )
    return await _sign(session, settings, principal, school_class, subject, term, grades)


async def correct(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    record: SignedRecord,
    reason: str,
) -> SignedRecord:
    """Sign the class's term grades as they now are, as a correction of ``record``."""
    school_class = await session.get(SchoolClass, record.class_id)
    subject = await session.get(Subject, record.subject_id)
    term = await session.get(Term, record.term_id)
    assert school_class is not None
    assert subject is not None
    assert term is not None
    grades = await _grades(session, school_class, subject.id, term)
    return await _sign(
        session, settings, principal, school_class, subject, term, grades, record, reason
    )


async def _corrected_by(session: AsyncSession, record_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(
        select(SignedRecord.id).where(SignedRecord.corrects_id == record_id)
    )


def record_view(
    row: Row,
    corrected_by: uuid.UUID | None,
    *,
    for_student: str | None = None,
    excerpt_signature: str | None = None,
) -> SignedRecordOut:
    """``SignedRecordOut`` from a record's columns (an ORM record's or a statement's row):
    the whole record, or ``for_student``'s excerpt signed with ``excerpt_signature``."""
    document = orjson.loads(row["document"])
    signature = row["signature"]
    if for_student is not None:
        assert excerpt_signature is not None
        document = excerpt(document, for_student)
        signature = excerpt_signature
    return SignedRecordOut(
        id=row["id"],
        document=document,
        signature=signature,
        key_id=row["key_id"],
        signed_at=row["signed_at"],
        corrects=row["corrects_id"],
        corrected_by=corrected_by,
        correction_reason=row["correction_reason"],
        excerpt=for_student is not None,
    )


def record_out(
    record: SignedRecord, corrected_by: uuid.UUID | None, *, for_student: str | None = None
) -> SignedRecordOut:
    return record_view(
        {name: getattr(record, name) for name in RECORD_COLUMNS},
        corrected_by,
        for_student=for_student,
        excerpt_signature=record.excerpts[for_student] if for_student is not None else None,
    )


RECORD_COLUMNS = (
    "id",
    "document",
    "signature",
    "key_id",
    "signed_at",
    "corrects_id",
    "correction_reason",
)
"""What ``record_view`` reads of a record."""


def staff_sees_class(viewer: Viewer, class_id: Any) -> ColumnElement[bool]:
    """Who reads a class's whole records: the school's administration, the class teacher
    and the class's teachers. ``class_id`` a value or a column (``signoff_statements``)."""
    return exists(
        select(SchoolClass.id).where(
            SchoolClass.id == class_id,
            or_(
                runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                teaches(viewer, SchoolClass.id),
            ),
        )
    )


def family_child(viewer: Viewer, record: Any = SignedRecord) -> ScalarSelect[uuid.UUID]:
    """The viewer's child (or the viewer, a student) among the record's rows — the first
    by name if a family has two there: whose excerpt the family reads. NULL for others."""
    return (
        select(Student.id)
        .where(
            record.excerpts.has_key(cast(Student.id, String)),
            is_family_of(viewer, Student.id, Student.account_id),
        )
        .order_by(Student.last_name, Student.first_name, Student.id)
        .limit(1)
        .scalar_subquery()
    )


async def read(
    session: AsyncSession, principal: Principal, record_id: uuid.UUID
) -> SignedRecordOut:
    """The class's staff (administration, class teacher, its teachers): the whole record.
    A family: its child's excerpt. Anyone else: 404. (The PDF's read;
    ``signoff_statements.read_record`` is the same for ``GET /signed-records/{id}``.)"""
    record = await session.get(SignedRecord, record_id)
    if record is None:
        raise record_not_found()
    viewer = Viewer.of(principal)
    if await session.scalar(select(staff_sees_class(viewer, record.class_id))):
        return record_out(record, await _corrected_by(session, record.id))
    child = await session.scalar(
        select(family_child(viewer)).select_from(SignedRecord).where(SignedRecord.id == record.id)
    )
    if child is None:
        raise record_not_found()
    return record_out(record, await _corrected_by(session, record.id), for_student=str(child))


async def published_keys(session: AsyncSession, settings: Settings) -> dict[str, dict[str, Any]]:
    """Public keys a record may be signed with: the key ring's and every key that ever
    signed one (still verifiable after rotation)."""
    rows = await session.execute(select(RecordSigningKey.kid, RecordSigningKey.public_jwk))
    keys: dict[str, dict[str, Any]] = {kid: dict(jwk) for kid, jwk in rows}
    for kid, key in key_ring(settings).by_kid.items():
        keys[kid] = dict(key.public_jwk)
    return keys


async def verify(
    session: AsyncSession, settings: Settings, document: dict[str, Any], signature: str
) -> VerifyOut:
    verdict = signing.verify(document, signature, await published_keys(session, settings))
    if not verdict.valid:
        return VerifyOut(
            valid=False,
            key_id=verdict.key_id,
            signed_at=None,
            signer_name=None,
            reason=verdict.reason,
            record_id=None,
            corrected_by=None,
        )
    record_id = _uuid(document.get("id"))
    signer = document.get("signer")
    return VerifyOut(
        valid=True,
        key_id=verdict.key_id,
        signed_at=str(document.get("signed_at")),
        signer_name=str(signer.get("name")) if isinstance(signer, dict) else None,
        reason=None,
        record_id=record_id,
        corrected_by=await _corrected_by(session, record_id) if record_id else None,
    )


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
