"""School structure for the school's administration (and reads for its staff)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from api.db import SessionDep
from api.diary.schemas import Ref, person_name
from api.diary.structure import service, statements, timetable
from api.diary.structure import students as structure_students
from api.diary.structure import subjects as structure_subjects
from api.diary.structure import teachers as structure_teachers
from api.diary.structure import terms as structure_terms
from api.diary.structure.access import run_classes
from api.diary.structure.models import AcademicYear, Term
from api.diary.structure.schemas import (
    AcademicYearIn,
    AcademicYearOut,
    AssignmentIn,
    AssignmentOut,
    BellIn,
    BellOut,
    ClassTeacherIn,
    ClassTeacherOut,
    GuardianIn,
    GuardianOut,
    SlotIn,
    SlotOut,
    StudentIn,
    StudentOut,
    SubjectIn,
    SubjectOut,
    TeacherOut,
    TermOut,
)
from api.errors import problem_responses
from api.identity.deps import (
    STAFF,
    CurrentUser,
    HotRead,
    Principal,
    SchoolAdminUser,
    StaffUser,
    roles_or_scopes,
)
from api.identity.models import Account
from api.integrations.scopes import SCHEDULE_READ
from api.schools.models import School, SchoolClass
from api.schools.schemas import SchoolClassOut

router = APIRouter(tags=["school-structure"])

_ADMIN = problem_responses(401, 403, 404, 409, 422)


def term_out(term: Term) -> TermOut:
    return TermOut(
        id=term.id,
        kind=term.kind,
        number=term.number,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        name=structure_terms.term_name(term.kind, term.number),
    )


def year_out(year: AcademicYear, terms: list[Term]) -> AcademicYearOut:
    return AcademicYearOut(
        id=year.id,
        year=year.year,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        term_kind=year.term_kind,
        terms=[term_out(t) for t in terms],
    )


def hours_out(hours: Decimal | None) -> float | None:
    return None if hours is None else float(hours)


def teacher_ref(account: Account) -> Ref:
    return Ref(
        id=account.id, name=person_name(account.last_name, account.first_name, account.middle_name)
    )


@router.post(
    "/academic-years",
    name="create_academic_year",
    status_code=201,
    summary="Завести учебный год с его четвертями, триместрами или полугодиями",
    response_model=AcademicYearOut,
    responses=_ADMIN,
)
async def create_academic_year(
    body: AcademicYearIn, admin: SchoolAdminUser, session: SessionDep
) -> AcademicYearOut:
    year, terms = await structure_terms.create_academic_year(
        session, service.staff_school(admin), body
    )
    return year_out(year, terms)


@router.get(
    "/academic-years",
    name="list_academic_years",
    summary="Учебные годы и периоды школы",
    response_model=list[AcademicYearOut],
    responses=problem_responses(401, 403),
)
async def list_academic_years(staff: StaffUser, session: SessionDep) -> list[AcademicYearOut]:
    years = await structure_terms.list_academic_years(session, service.staff_school(staff))
    return [year_out(y, t) for y, t in years]


@router.post(
    "/subjects",
    name="create_subject",
    status_code=201,
    summary="Добавить предмет (пятибалльный или зачётный)",
    response_model=SubjectOut,
    responses=_ADMIN,
)
async def create_subject(
    body: SubjectIn, admin: SchoolAdminUser, session: SessionDep
) -> SubjectOut:
    subject = await structure_subjects.create_subject(session, service.staff_school(admin), body)
    return SubjectOut.model_validate(subject, from_attributes=True)


@router.get(
    "/subjects",
    name="list_subjects",
    summary="Предметы школы",
    response_model=list[SubjectOut],
    responses=problem_responses(401, 403),
)
async def list_subjects(staff: StaffUser, session: SessionDep) -> list[SubjectOut]:
    subjects = await structure_subjects.list_subjects(session, service.staff_school(staff))
    return [SubjectOut.model_validate(s, from_attributes=True) for s in subjects]


@router.get(
    "/teachers",
    name="list_teachers",
    summary="Учителя школы",
    response_model=list[TeacherOut],
    responses=problem_responses(401, 403),
)
async def list_teachers(staff: StaffUser, session: SessionDep) -> list[TeacherOut]:
    teachers = await structure_teachers.list_teachers(session, service.staff_school(staff))
    return [TeacherOut(id=t.id, name=teacher_ref(t).name, roles=list(t.roles)) for t in teachers]


@router.post(
    "/teaching-assignments",
    name="create_assignment",
    status_code=201,
    summary="Назначить учителя вести предмет в классе",
    response_model=AssignmentOut,
    responses=_ADMIN,
)
async def create_assignment(
    body: AssignmentIn, admin: SchoolAdminUser, session: SessionDep
) -> AssignmentOut:
    assignment, teacher, school_class, subject = await structure_teachers.create_assignment(
        session, service.staff_school(admin), body
    )
    return AssignmentOut(
        id=assignment.id,
        teacher=teacher_ref(teacher),
        school_class=Ref(id=school_class.id, name=school_class.name),
        subject=Ref(id=subject.id, name=subject.name),
        hours_per_week=hours_out(assignment.hours_per_week),
    )


@router.get(
    "/teaching-assignments",
    name="list_assignments",
    summary="Кто что ведёт в школе",
    response_model=list[AssignmentOut],
    responses=problem_responses(401, 403, 422),
)
async def list_assignments(hot: HotRead, teacher_id: uuid.UUID | None = None) -> Response:
    async with hot.connect() as connection:
        row = await statements.assignments(connection, hot.claims, teacher_id=teacher_id)
        service.require_school(row["school_id"])
        return Response(row["body"], media_type="application/json")


@router.delete(
    "/teaching-assignments/{assignment_id}",
    name="delete_assignment",
    status_code=204,
    summary="Снять назначение",
    response_class=Response,
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_assignment(
    assignment_id: uuid.UUID, admin: SchoolAdminUser, session: SessionDep
) -> Response:
    await structure_teachers.delete_assignment(session, service.staff_school(admin), assignment_id)
    return Response(status_code=204)


@router.get(
    "/me/classes",
    name="my_classes",
    summary="Мои классы: классному руководителю — его класс, администрации — классы школы",
    response_model=list[SchoolClassOut],
    responses=problem_responses(401, 422),
)
async def my_classes(principal: CurrentUser, session: SessionDep) -> list[SchoolClassOut]:
    rows = await session.scalars(
        run_classes(principal).order_by(SchoolClass.grade, SchoolClass.letter, SchoolClass.id)
    )
    return [SchoolClassOut.model_validate(c, from_attributes=True) for c in rows]


@router.put(
    "/classes/{class_id}/class-teacher",
    name="set_class_teacher",
    summary="Назначить классного руководителя",
    response_model=ClassTeacherOut,
    responses=_ADMIN,
)
async def set_class_teacher(
    class_id: uuid.UUID, body: ClassTeacherIn, admin: SchoolAdminUser, session: SessionDep
) -> ClassTeacherOut:
    teacher = await structure_teachers.set_class_teacher(
        session, service.staff_school(admin), class_id, body.teacher_id
    )
    return ClassTeacherOut(class_id=class_id, teacher=teacher_ref(teacher))


@router.post(
    "/students",
    name="create_student",
    status_code=201,
    summary="Добавить ученика в класс",
    response_model=StudentOut,
    responses=_ADMIN,
)
async def create_student(
    body: StudentIn, admin: SchoolAdminUser, session: SessionDep
) -> StudentOut:
    student, school_class = await structure_students.create_student(
        session, service.staff_school(admin), body
    )
    school = await session.get(School, student.school_id)
    assert school is not None
    return StudentOut(
        id=student.id,
        last_name=student.last_name,
        first_name=student.first_name,
        middle_name=student.middle_name,
        birth_date=student.birth_date,
        student_number=student.student_number,
        school_class=Ref(id=school_class.id, name=school_class.name),
        school=Ref(id=school.id, name=school.short_name),
    )


@router.post(
    "/students/{student_id}/guardians",
    name="add_guardian",
    status_code=201,
    summary="Открыть законному представителю доступ к дневнику ученика",
    response_model=GuardianOut,
    responses=_ADMIN,
)
async def add_guardian(
    student_id: uuid.UUID, body: GuardianIn, admin: SchoolAdminUser, session: SessionDep
) -> GuardianOut:
    school_id = service.staff_school(admin)
    await structure_students.get_school_student(session, school_id, student_id)
    await structure_students.get_account(session, body.account_id)
    await structure_students.add_guardian(session, student_id, body.account_id)
    return GuardianOut(student_id=student_id, account_id=body.account_id)


@router.get(
    "/bells",
    name="list_bells",
    summary="Расписание звонков",
    response_model=list[BellOut],
    responses=problem_responses(401, 403),
)
async def list_bells(
    caller: Annotated[Principal, Depends(roles_or_scopes(STAFF, (SCHEDULE_READ,)))],
    session: SessionDep,
) -> list[BellOut]:
    # Also an integration client's read (scope edudiary:schedule.readonly): its school.
    bells = await timetable.list_bells(session, service.staff_school(caller))
    return [BellOut.model_validate(b, from_attributes=True) for b in bells]


@router.put(
    "/bells",
    name="set_bells",
    summary="Задать расписание звонков (заменяет прежнее)",
    response_model=list[BellOut],
    responses=_ADMIN,
)
async def set_bells(
    body: list[BellIn], admin: SchoolAdminUser, session: SessionDep
) -> list[BellOut]:
    bells = await timetable.set_bells(session, service.staff_school(admin), body)
    return [BellOut.model_validate(b, from_attributes=True) for b in bells]


def slot_out(view: timetable.SlotView) -> SlotOut:
    return SlotOut(
        id=view.slot.id,
        weekday=view.slot.weekday,
        number=view.slot.number,
        subject=Ref(id=view.subject.id, name=view.subject.name),
        teacher=teacher_ref(view.teacher),
        room=view.slot.room,
    )


@router.get(
    "/terms/{term_id}/classes/{class_id}/timetable",
    name="get_timetable",
    summary="Недельный шаблон расписания класса на период",
    response_model=list[SlotOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def get_timetable(term_id: uuid.UUID, class_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        row = await statements.timetable(connection, hot.claims, term_id=term_id, class_id=class_id)
        service.require_school(row["school_id"])
        if not row["term_found"]:
            raise structure_terms.term_not_found()
        if not row["class_found"]:
            raise service.class_not_found()
        return Response(row["body"], media_type="application/json")


@router.put(
    "/terms/{term_id}/classes/{class_id}/timetable",
    name="set_timetable",
    summary="Задать недельный шаблон расписания класса на период",
    response_model=list[SlotOut],
    responses=_ADMIN,
)
async def set_timetable(
    term_id: uuid.UUID,
    class_id: uuid.UUID,
    body: list[SlotIn],
    admin: SchoolAdminUser,
    session: SessionDep,
) -> list[SlotOut]:
    school_id = service.staff_school(admin)
    term = await structure_terms.get_term(session, school_id, term_id)
    return [
        slot_out(v) for v in await timetable.set_timetable(session, school_id, term, class_id, body)
    ]
