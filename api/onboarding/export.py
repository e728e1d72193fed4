"""The school's roster as OneRoster 1.2 CSV (bulk), sourcedIds per INTEGRATION §4.3, in the
columns the importer reads: export → import into an empty school gives the same roster."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from collections.abc import Iterable
from datetime import date

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
from api.onboarding.records import HOURS_COLUMN
from api.schools.models import School, SchoolClass

COLUMNS = {
    "orgs.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "name",
        "type",
        "identifier",
        "parentSourcedId",
    ],
    "academicSessions.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ],
    "classes.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ],
    "users.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
    ],
    "roles.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ],
    "enrollments.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
        HOURS_COLUMN,
    ],
    "demographics.csv": ["sourcedId", "status", "dateLastModified", "birthDate"],
}
TERM_TITLES = {"quarter": "четверть", "trimester": "триместр", "half": "полугодие"}


def _csv(rows: Iterable[dict[str, str]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buffer.getvalue().encode("utf-8")


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
            files["enrollments.csv"].append(_enrollment(str(s.class_id), str(s.id), "student", sid))
        files["roles.csv"].append(_role(str(s.id), "student", sid))
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
            files["roles.csv"].append(_role(str(account.id), role, sid))
    for a in assignments:
        if a.teacher_id in teachers:
            enrollment = _enrollment(
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
            _enrollment(str(class_id), str(teacher_id), "teacher", sid, primary=True)
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest = [("manifest.version", "1.0"), ("oneroster.version", "1.2")] + [
            (f"file.{name[:-4]}", "bulk") for name in COLUMNS
        ]
        archive.writestr(
            "manifest.csv",
            _csv(({"propertyName": k, "value": v} for k, v in manifest), ["propertyName", "value"]),
        )
        for name, columns in COLUMNS.items():
            archive.writestr(name, _csv(files[name], columns))
    return buffer.getvalue()


def _enrollment(
    class_ref: str, user: str, role: str, school: str, *, primary: bool = False
) -> dict[str, str]:
    return {
        "sourcedId": f"enrollment:{class_ref}:{user}:{role}",
        "status": "active",
        "classSourcedId": class_ref,
        "schoolSourcedId": school,
        "userSourcedId": user,
        "role": role,
        "primary": "true" if primary else "false",
    }


def _role(user: str, role: str, school: str) -> dict[str, str]:
    return {
        "sourcedId": f"role:{user}:{role}",
        "status": "active",
        "userSourcedId": user,
        "roleType": "primary",
        "role": role,
        "orgSourcedId": school,
        "beginDate": date.today().isoformat(),
    }
