"""The ORM export as it was before it read one statement (``api/onboarding/export.py``
before ``export_statement``): the reference ``test_export_statement.py`` holds the
statement's export equal to."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import (
    AcademicYear,
    ClassTeacher,
    Guardianship,
    Student,
    Subject,
    TeachingAssignment,
    Term,
)
from api.identity.models import Account
from api.onboarding.export import COLUMNS, TERM_TITLES, enrollment_row, role_row, zipped
from api.onboarding.records import HOURS_COLUMN
from api.schools.models import School, SchoolClass


async def build(session: AsyncSession, school_id: uuid.UUID) -> bytes:
    school = await session.get(School, school_id)
    assert school is not None
    sid = str(school_id)
    files: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
    files["orgs.csv"].append(
        {
            "sourcedId": sid,
            "status": "active",
            "name": school.short_name,
            "type": "school",
            "identifier": school.inn,
        }
    )
    year_ids: dict[int, str] = {}
    for year in await session.scalars(
        select(AcademicYear).where(AcademicYear.school_id == school_id)
    ):
        year_ids[year.year] = str(year.id)
        files["academicSessions.csv"].append(
            {
                "sourcedId": str(year.id),
                "status": "active",
                "title": f"{year.year}/{year.year + 1}",
                "type": "schoolYear",
                "startDate": year.starts_on.isoformat(),
                "endDate": year.ends_on.isoformat(),
                "schoolYear": str(year.year + 1),
            }
        )
        for term in await session.scalars(
            select(Term).where(Term.academic_year_id == year.id).order_by(Term.number)
        ):
            files["academicSessions.csv"].append(
                {
                    "sourcedId": str(term.id),
                    "status": "active",
                    "title": f"{term.number} {TERM_TITLES[term.kind.value]}",
                    "type": "term",
                    "startDate": term.starts_on.isoformat(),
                    "endDate": term.ends_on.isoformat(),
                    "parentSourcedId": str(year.id),
                    "schoolYear": str(year.year + 1),
                }
            )
    classes = {
        c.id: c
        for c in await session.scalars(
            select(SchoolClass).where(SchoolClass.school_id == school_id)
        )
    }
    for cls in classes.values():
        files["classes.csv"].append(
            {
                "sourcedId": str(cls.id),
                "status": "active",
                "title": cls.name,
                "grades": f"{cls.grade:02d}",
                "courseSourcedId": f"course:homeroom:{sid}:{cls.grade}",
                "classCode": cls.name,
                "classType": "homeroom",
                "schoolSourcedId": sid,
                "termSourcedIds": year_ids.get(cls.academic_year, ""),
            }
        )
    subjects = {
        s.id: s.name
        for s in await session.scalars(select(Subject).where(Subject.school_id == school_id))
    }
    sections: set[tuple[uuid.UUID, uuid.UUID]] = set()
    teachers: dict[uuid.UUID, Account] = {}
    assignments = list(
        await session.scalars(
            select(TeachingAssignment).where(TeachingAssignment.school_id == school_id)
        )
    )
    for a in assignments:
        if (a.class_id, a.subject_id) not in sections and a.class_id in classes:
            sections.add((a.class_id, a.subject_id))
            cls = classes[a.class_id]
            files["classes.csv"].append(
                {
                    "sourcedId": f"class:{a.class_id}:{a.subject_id}",
                    "status": "active",
                    "title": f"{cls.name} {subjects[a.subject_id]}",
                    "grades": f"{cls.grade:02d}",
                    "courseSourcedId": f"course:{a.subject_id}:{cls.grade}",
                    "classCode": cls.name,
                    "classType": "scheduled",
                    "schoolSourcedId": sid,
                    "termSourcedIds": year_ids.get(cls.academic_year, ""),
                    "subjects": subjects[a.subject_id],
                }
            )
    class_teachers = {
        ct.class_id: ct.teacher_id
        for ct in await session.scalars(
            select(ClassTeacher).where(ClassTeacher.class_id.in_(list(classes)))
        )
    }
    staff_ids = {a.teacher_id for a in assignments} | set(class_teachers.values())
    for account in await session.scalars(
        select(Account).where(
            (Account.school_id == school_id) & Account.roles.overlap(["teacher", "class_teacher"])
            | Account.id.in_(list(staff_ids))
        )
    ):
        teachers[account.id] = account
    students = list(await session.scalars(select(Student).where(Student.school_id == school_id)))
    guardian_rows = list(
        await session.execute(
            select(Guardianship.account_id, Guardianship.student_id).where(
                Guardianship.student_id.in_([s.id for s in students])
            )
        )
    )
    guardians = {
        a.id: a
        for a in await session.scalars(
            select(Account).where(Account.id.in_({g for g, _ in guardian_rows}))
        )
    }
    agents: dict[uuid.UUID, list[str]] = {}
    for account_id, student_id in guardian_rows:
        agents.setdefault(student_id, []).append(str(account_id))
    for s in students:
        # A pupil who left goes out marked so: importing the file back (here or elsewhere)
        # keeps them archived instead of bringing them back, and lists no enrollment.
        status = "active" if s.archived_at is None else "tobedeleted"
        files["users.csv"].append(
            {
                "sourcedId": str(s.id),
                "status": status,
                "enabledUser": "true",
                "givenName": s.first_name,
                "familyName": s.last_name,
                "middleName": s.middle_name or "",
                "identifier": s.student_number or "",
                "agentSourcedIds": ",".join(sorted(agents.get(s.id, []))),
                "grades": f"{classes[s.class_id].grade:02d}" if s.class_id in classes else "",
            }
        )
        files["demographics.csv"].append(
            {"sourcedId": str(s.id), "status": status, "birthDate": s.birth_date.isoformat()}
        )
        if s.archived_at is None:
            files["enrollments.csv"].append(
                enrollment_row(str(s.class_id), str(s.id), "student", sid)
            )
        files["roles.csv"].append(role_row(str(s.id), "student", sid))
    for role, people in (("teacher", teachers), ("parent", guardians)):
        for account in people.values():
            files["users.csv"].append(
                {
                    "sourcedId": str(account.id),
                    "status": "active",
                    "enabledUser": "true",
                    "givenName": account.first_name,
                    "familyName": account.last_name,
                    "middleName": account.middle_name or "",
                    "email": account.email or "",
                    "phone": account.phone,
                }
            )
            files["roles.csv"].append(role_row(str(account.id), role, sid))
    for a in assignments:
        if a.teacher_id in teachers:
            enrollment = enrollment_row(
                f"class:{a.class_id}:{a.subject_id}",
                str(a.teacher_id),
                "teacher",
                sid,
                primary=True,
            )
            if a.hours_per_week is not None:
                enrollment[HOURS_COLUMN] = f"{a.hours_per_week.normalize():f}"
            files["enrollments.csv"].append(enrollment)
    for class_id, teacher_id in class_teachers.items():
        files["enrollments.csv"].append(
            enrollment_row(str(class_id), str(teacher_id), "teacher", sid, primary=True)
        )
    return zipped(files)
