"""OneRoster CSV zips built in the tests: a small whole school, and ways to spoil it."""

from __future__ import annotations

import csv
import io
import zipfile

from tests.factories import valid_snils

Table = list[list[str]]

SCHOOL = "org-1"


def zip_of(files: dict[str, Table]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in files.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\r\n").writerows(rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


def school_files(phone_seed: int = 1) -> dict[str, Table]:
    """Two classes (9-Б, 5-А), algebra in 9-Б, two teachers, three pupils, two parents."""
    p = f"+7926{phone_seed:03d}"
    return {
        "manifest.csv": [["propertyName", "value"], ["oneroster.version", "1.2"]],
        "academicSessions.csv": [
            [
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
            [
                "y2026",
                "active",
                "",
                "2026/2027",
                "schoolYear",
                "2026-09-01",
                "2027-06-30",
                "",
                "2027",
            ],
            [
                "t1",
                "active",
                "",
                "1 полугодие",
                "term",
                "2026-09-01",
                "2026-12-29",
                "y2026",
                "2027",
            ],
            [
                "t2",
                "active",
                "",
                "2 полугодие",
                "term",
                "2027-01-09",
                "2027-06-30",
                "y2026",
                "2027",
            ],
        ],
        "classes.csv": [
            [
                "sourcedId",
                "status",
                "title",
                "classCode",
                "classType",
                "schoolSourcedId",
                "termSourcedIds",
                "subjects",
            ],
            ["c-9b", "active", "9-Б", "9-Б", "homeroom", SCHOOL, "y2026", ""],
            ["c-5a", "active", "5-А", "5-А", "homeroom", SCHOOL, "y2026", ""],
            ["c-9b-alg", "active", "9-Б Алгебра", "9-Б", "scheduled", SCHOOL, "y2026", "Алгебра"],
        ],
        "users.csv": [
            [
                "sourcedId",
                "status",
                "enabledUser",
                "userIds",
                "givenName",
                "familyName",
                "middleName",
                "identifier",
                "email",
                "phone",
                "agentSourcedIds",
            ],
            [
                "u-t1",
                "active",
                "true",
                "",
                "Анна",
                "Соколова",
                "Ивановна",
                "",
                "sokolova@school.example",
                f"{p}0001",
                "",
            ],
            ["u-t2", "active", "true", "", "Игорь", "Волков", "", "", "", f"{p}0002", ""],
            [
                "u-s1",
                "active",
                "true",
                f"{{SNILS:{valid_snils()}}}",
                "Пётр",
                "Иванов",
                "Сергеевич",
                "123456",
                "",
                "",
                "u-p1",
            ],
            ["u-s2", "active", "true", "", "Вера", "Алексеева", "", "", "", "", ""],
            ["u-s3", "active", "true", "", "Илья", "Петров", "", "", "", "", ""],
            ["u-p1", "active", "true", "", "Мария", "Иванова", "Петровна", "", "", f"{p}0003", ""],
            ["u-p2", "active", "true", "", "Елена", "Петрова", "", "", "", f"{p}0004", "u-s3"],
        ],
        "roles.csv": [
            ["sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"],
            ["r1", "u-t1", "primary", "teacher", SCHOOL],
            ["r2", "u-t2", "primary", "teacher", SCHOOL],
            ["r3", "u-s1", "primary", "student", SCHOOL],
            ["r4", "u-s2", "primary", "student", SCHOOL],
            ["r5", "u-s3", "primary", "student", SCHOOL],
            ["r6", "u-p1", "primary", "parent", SCHOOL],
            ["r7", "u-p2", "primary", "parent", SCHOOL],
        ],
        "demographics.csv": [
            ["sourcedId", "birthDate"],
            ["u-s1", "2011-09-01"],
            ["u-s2", "2011-03-15"],
            ["u-s3", "2015-05-20"],
        ],
        "enrollments.csv": [
            [
                "sourcedId",
                "status",
                "classSourcedId",
                "schoolSourcedId",
                "userSourcedId",
                "role",
                "primary",
            ],
            ["e1", "active", "c-9b", SCHOOL, "u-s1", "student", "false"],
            ["e2", "active", "c-9b", SCHOOL, "u-s2", "student", "false"],
            ["e3", "active", "c-5a", SCHOOL, "u-s3", "student", "false"],
            ["e4", "active", "c-9b-alg", SCHOOL, "u-t1", "teacher", "true"],
            ["e5", "active", "c-9b", SCHOOL, "u-t2", "teacher", "true"],
            ["e6", "active", "c-9b-alg", SCHOOL, "u-s1", "student", "false"],
        ],
    }
