"""The school's roster as OneRoster 1.2 CSV (bulk), sourcedIds per INTEGRATION §4.3, in the
columns the importer reads: export → import into an empty school gives the same roster."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from api.onboarding.records import HOURS_COLUMN

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
    # A plain writer fed lists: what DictWriter writes, without its second pass over each
    # row (a third of the export's CPU went to rebuilding dicts).
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return buffer.getvalue().encode("utf-8")


def build(roster: dict[str, Any]) -> bytes:
    """The zip of ``roster``, the JSON of ``export_statement.roster_statement``. Its lists
    come in the order the tables were read; each row is written as the ORM export wrote
    its object."""
    school = roster["school"]
    sid = school["id"]
    files: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
    files["orgs.csv"].append(
        {
            "sourcedId": sid,
            "status": "active",
            "name": school["short_name"],
            "type": "school",
            "identifier": school["inn"],
        }
    )
    year_ids: dict[int, str] = {}
    for year in roster["years"]:
        number = year["year"]
        year_ids[number] = year["id"]
        files["academicSessions.csv"].append(
            {
                "sourcedId": year["id"],
                "status": "active",
                "title": f"{number}/{number + 1}",
                "type": "schoolYear",
                "startDate": year["starts_on"],
                "endDate": year["ends_on"],
                "schoolYear": str(number + 1),
            }
        )
        for term in year["terms"]:
            files["academicSessions.csv"].append(
                {
                    "sourcedId": term["id"],
                    "status": "active",
                    "title": f"{term['number']} {TERM_TITLES[term['kind']]}",
                    "type": "term",
                    "startDate": term["starts_on"],
                    "endDate": term["ends_on"],
                    "parentSourcedId": year["id"],
                    "schoolYear": str(number + 1),
                }
            )
    classes = {c["id"]: c for c in roster["classes"]}
    for cls in classes.values():
        name = f"{cls['grade']}-{cls['letter']}"  # as SchoolClass.name
        files["classes.csv"].append(
            {
                "sourcedId": cls["id"],
                "status": "active",
                "title": name,
                "grades": f"{cls['grade']:02d}",
                "courseSourcedId": f"course:homeroom:{sid}:{cls['grade']}",
                "classCode": name,
                "classType": "homeroom",
                "schoolSourcedId": sid,
                "termSourcedIds": year_ids.get(cls["academic_year"], ""),
            }
        )
    subjects = {s["id"]: s["name"] for s in roster["subjects"]}
    sections: set[tuple[str, str]] = set()
    assignments = roster["assignments"]
    for a in assignments:
        class_id, subject_id = a["class_id"], a["subject_id"]
        if (class_id, subject_id) not in sections and class_id in classes:
            sections.add((class_id, subject_id))
            cls = classes[class_id]
            name = f"{cls['grade']}-{cls['letter']}"
            files["classes.csv"].append(
                {
                    "sourcedId": f"class:{class_id}:{subject_id}",
                    "status": "active",
                    "title": f"{name} {subjects[subject_id]}",
                    "grades": f"{cls['grade']:02d}",
                    "courseSourcedId": f"course:{subject_id}:{cls['grade']}",
                    "classCode": name,
                    "classType": "scheduled",
                    "schoolSourcedId": sid,
                    "termSourcedIds": year_ids.get(cls["academic_year"], ""),
                    "subjects": subjects[subject_id],
                }
            )
    class_teachers = {ct["class_id"]: ct["teacher_id"] for ct in roster["class_teachers"]}
    teachers = {t["id"]: t for t in roster["teachers"]}
    guardians = {g["id"]: g for g in roster["guardians"]}
    agents: dict[str, list[str]] = {}
    for g in roster["guardianships"]:
        agents.setdefault(g["student_id"], []).append(g["account_id"])
    for s in roster["students"]:
        pupil = s["id"]
        # A pupil who left goes out marked so: importing the file back (here or elsewhere)
        # keeps them archived instead of bringing them back, and lists no enrollment.
        status = "tobedeleted" if s["archived"] else "active"
        files["users.csv"].append(
            {
                "sourcedId": pupil,
                "status": status,
                "enabledUser": "true",
                "givenName": s["first_name"],
                "familyName": s["last_name"],
                "middleName": s["middle_name"] or "",
                "identifier": s["student_number"] or "",
                "agentSourcedIds": ",".join(sorted(agents.get(pupil, []))),
                "grades": (
                    f"{classes[s['class_id']]['grade']:02d}" if s["class_id"] in classes else ""
                ),
            }
        )
        files["demographics.csv"].append(
            {"sourcedId": pupil, "status": status, "birthDate": s["birth_date"]}
        )
        if not s["archived"]:
            files["enrollments.csv"].append(
                enrollment_row(str(s["class_id"]), pupil, "student", sid)
            )
        files["roles.csv"].append(role_row(pupil, "student", sid))
    for role, people in (("teacher", teachers), ("parent", guardians)):
        for account in people.values():
            files["users.csv"].append(
                {
                    "sourcedId": account["id"],
                    "status": "active",
                    "enabledUser": "true",
                    "givenName": account["first_name"],
                    "familyName": account["last_name"],
                    "middleName": account["middle_name"] or "",
                    "email": account["email"] or "",
                    "phone": account["phone"],
                }
            )
            files["roles.csv"].append(role_row(account["id"], role, sid))
    for a in assignments:
        if a["teacher_id"] in teachers:
            enrollment = enrollment_row(
                f"class:{a['class_id']}:{a['subject_id']}",
                a["teacher_id"],
                "teacher",
                sid,
                primary=True,
            )
            if a["hours_per_week"] is not None:
                hours = Decimal(a["hours_per_week"])
                enrollment[HOURS_COLUMN] = f"{hours.normalize():f}"
            files["enrollments.csv"].append(enrollment)
    for class_id, teacher_id in class_teachers.items():
        files["enrollments.csv"].append(
            enrollment_row(class_id, teacher_id, "teacher", sid, primary=True)
        )
    return zipped(files)


def zipped(files: dict[str, list[dict[str, str]]]) -> bytes:
    """The archive of the CSV files, with the manifest."""
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


def enrollment_row(
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


def role_row(user: str, role: str, school: str) -> dict[str, str]:
    return {
        "sourcedId": f"role:{user}:{role}",
        "status": "active",
        "userSourcedId": user,
        "roleType": "primary",
        "role": role,
        "orgSourcedId": school,
        "beginDate": date.today().isoformat(),
    }
