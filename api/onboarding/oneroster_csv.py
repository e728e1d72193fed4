"""Reading a OneRoster 1.2 CSV zip (bulk mode) into a ``Roster``: the inverse of
INTEGRATION §4.3. CSV with the standard library, one row at a time."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date

from api.i18n import Text
from api.onboarding.fields import RowCheck, parse_class_name
from api.onboarding.records import (
    HOURS_COLUMN,
    ClassRow,
    EnrollmentRow,
    PersonRow,
    Roster,
    RowProblem,
    SectionRow,
    SessionRow,
    Source,
)
from api.onboarding.unreadable import Unreadable

MANIFEST = "manifest.csv"
# More than this unpacked is not a school's roster (and keeps a zip bomb out).
MAX_UNPACKED = 200 * 1024 * 1024

_USER_IDS = re.compile(r"\{\s*([^:{}]+?)\s*:\s*([^{}]*?)\s*\}")
_SNILS_TYPES = {"snils", "снилс"}
_ROLES = {
    "student": "student",
    "teacher": "teacher",
    "parent": "guardian",
    "guardian": "guardian",
    "relative": "guardian",
}
_SESSION_TYPES = {"schoolYear", "term", "semester", "gradingPeriod"}

REQUIRED = {
    "academicSessions.csv": ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
    "classes.csv": ("sourcedId", "title", "classType"),
    "users.csv": ("sourcedId", "givenName", "familyName"),
    "roles.csv": ("userSourcedId", "role"),
    "enrollments.csv": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    "demographics.csv": ("sourcedId", "birthDate"),
}

Row = dict[str, str]
Progress = Callable[[int], None]


def is_oneroster(archive: zipfile.ZipFile) -> bool:
    return any(name.rsplit("/", 1)[-1] == MANIFEST for name in archive.namelist())


def open_archive(content: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable("архив", Text("файл не является zip-архивом", "not a zip file")) from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise Unreadable("архив", Text("распакованный архив больше 200 МБ", "over 200 MB unpacked"))
    return archive


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, roster: Roster, today: date) -> None:
        self.archive = archive
        self.roster = roster
        self.today = today
        self.members = {name.rsplit("/", 1)[-1]: name for name in archive.namelist()}

    def has(self, name: str) -> bool:
        return name in self.members

    def rows(self, name: str) -> Iterator[tuple[Source, Row]]:
        """(source, row) of a CSV member; nothing when it is absent or lacks a required
        column (reported at row 1, the header, naming the column)."""
        if name not in self.members:
            return
        try:
            with self.archive.open(self.members[name]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                reader = csv.DictReader(text)
                header = [h.strip() for h in (reader.fieldnames or [])]
                reader.fieldnames = header
                missing = [c for c in REQUIRED.get(name, ()) if c not in header]
                for column in missing:
                    self.roster.problems.append(
                        RowProblem(
                            name,
                            1,
                            column,
                            "missing_column",
                            Text(
                                f"В файле нет обязательного столбца «{column}»",
                                f"The file lacks the required column «{column}»",
                            ),
                        )
                    )
                if missing:
                    return
                for number, row in enumerate(reader, start=2):
                    clean = {k: (v or "").strip() for k, v in row.items() if k}
                    yield Source(name, number), clean
        except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, OSError) as exc:
            reason = (
                Text("текст не в кодировке UTF-8", "the text is not UTF-8")
                if isinstance(exc, UnicodeDecodeError)
                else Text("файл повреждён", "the file is damaged")
            )
            raise Unreadable(name, reason) from None


def _deleted(check: RowCheck, row: Row) -> bool:
    status = row.get("status", "").strip()
    if status in ("", "active"):
        return False
    if status == "tobedeleted":
        return True
    check.fail(
        "status",
        "status_unknown",
        "Статус записи — active или tobedeleted",
        "The status must be active or tobedeleted",
    )
    return False


class _Ids:
    """Each sourcedId once per file: the later duplicate is rejected."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, check: RowCheck, value: str, field: str = "sourcedId") -> str | None:
        ext = check.external_id(value, field)
        if ext is None:
            return None
        if ext in self.seen:
            check.fail(
                field,
                "duplicate_id",
                f"Идентификатор «{ext}» уже встречался выше в этом файле",
                f"The identifier «{ext}» already appears above in this file",
            )
            return None
        self.seen.add(ext)
        return ext


def _sessions(reader: _Reader) -> None:
    ids = _Ids()
    for src, row in reader.rows("academicSessions.csv"):
        check = RowCheck(src)
        ext = ids.take(check, row["sourcedId"])
        deleted = _deleted(check, row)
        title = check.required(row["title"], "title")
        kind = row["type"]
        if kind not in _SESSION_TYPES:
            check.fail(
                "type",
                "session_type_unknown",
                "Тип периода — schoolYear, term, semester или gradingPeriod",
                "The type must be schoolYear, term, semester or gradingPeriod",
            )
        starts = check.day(row["startDate"], "startDate")
        ends = check.day(row["endDate"], "endDate")
        year = row["schoolYear"]
        if not (year.isdigit() and 2000 <= int(year) <= 2100):
            check.fail(
                "schoolYear",
                "school_year_format",
                "Учебный год — четыре цифры года окончания",
                "schoolYear is the four-digit end year",
            )
        if check.ok and ext and title and starts and ends:
            parent = row.get("parentSourcedId") or None
            session_row = SessionRow(
                src, ext, kind, title, starts, ends, int(year), parent, deleted
            )
            reader.roster.sessions.append(session_row)
        else:
            reader.roster.reject("academic_sessions", check.problems)


def _classes(reader: _Reader) -> None:
    ids = _Ids()
    session_years = {s.ext_id: s.school_year - 1 for s in reader.roster.sessions}
    for src, row in reader.rows("classes.csv"):
        check = RowCheck(src)
        ext = ids.take(check, row["sourcedId"])
        deleted = _deleted(check, row)
        title = check.required(row["title"], "title") or ""
        kind = row["classType"]
        code = row.get("classCode", "")
        if kind == "homeroom":
            field = "classCode" if code else "title"
            name = check.class_name(code or title, field)
            terms = [t.strip() for t in row.get("termSourcedIds", "").split(",") if t.strip()]
            years = {session_years[t] for t in terms if t in session_years}
            if check.ok and ext and name:
                year = min(years) if years else None
                reader.roster.classes.append(
                    ClassRow(src, ext, name[0], name[1], year, None, deleted)
                )
                continue
            reader.roster.reject("classes", check.problems)
        elif kind == "scheduled":
            head, _, rest = title.partition(" ")
            homeroom = parse_class_name(code.partition(" ")[0] or head) or parse_class_name(head)
            subjects = [s.strip() for s in row.get("subjects", "").split(",") if s.strip()]
            subject = subjects[0] if subjects else rest.strip()
            if homeroom is None:
                check.fail(
                    "title",
                    "class_name_format",
                    "Название начинается с класса: «9-Б Алгебра»",
                    "The title starts with the class: «9-Б Алгебра»",
                )
            if not subject:
                check.fail("subjects", "required", "Укажите предмет", "Give the subject")
            if check.ok and ext and homeroom:
                class_ref = f"{homeroom[0]}-{homeroom[1]}"
                reader.roster.sections.append(
                    SectionRow(src, ext, class_ref, subject[:100], deleted)
                )
                continue
            reader.roster.reject("teaching_assignments", check.problems)
        else:
            check.fail(
                "classType",
                "class_type_unknown",
                "Тип класса — homeroom или scheduled",
                "The class type must be homeroom or scheduled",
            )
            reader.roster.reject("classes", check.problems)


def _roles(reader: _Reader) -> dict[str, str]:
    roles: dict[str, str] = {}
    for _src, row in reader.rows("roles.csv"):
        role = _ROLES.get(row["role"])
        user = row["userSourcedId"]
        # A primary role wins over a secondary one.
        if role and (user not in roles or row.get("roleType") == "primary"):
            roles[user] = role
    return roles


def _birth_dates(reader: _Reader) -> dict[str, str]:
    return {row["sourcedId"]: row["birthDate"] for _src, row in reader.rows("demographics.csv")}


def _users(reader: _Reader, progress: Progress) -> None:
    roles = _roles(reader) if reader.has("roles.csv") else None
    births = _birth_dates(reader)
    ids = _Ids()
    for src, row in reader.rows("users.csv"):
        if src.row % 500 == 0:
            progress(src.row)
        check = RowCheck(src)
        ext = ids.take(check, row["sourcedId"])
        deleted = _deleted(check, row)
        raw_role = row.get("role", "") if roles is None else roles.get(row["sourcedId"], "")
        kind = _ROLES.get(raw_role) if roles is None else raw_role
        if not kind:
            check.fail(
                "role",
                "role_unsupported",
                "Роль пользователя — student, teacher или parent",
                "The user's role must be student, teacher or parent",
            )
            reader.roster.reject("students", check.problems)
            continue
        person = _person(check, row, kind, ext, births.get(row["sourcedId"]), reader.today)
        entity = {"student": "students", "teacher": "teachers", "guardian": "guardians"}[kind]
        if person is not None and check.ok:
            person.deleted = deleted
            reader.roster.people.append(person)
        else:
            reader.roster.reject(entity, check.problems)


def _person(
    check: RowCheck, row: Row, kind: str, ext: str | None, birth: str | None, today: date
) -> PersonRow | None:
    last = check.name(row["familyName"], "familyName", "last_name")
    first = check.name(row["givenName"], "givenName", "first_name")
    middle = check.name(row.get("middleName", ""), "middleName", "middle_name", required=False)
    snils = None
    for id_type, value in _USER_IDS.findall(row.get("userIds", "")):
        if id_type.strip().lower() in _SNILS_TYPES:
            snils = check.snils(value, "userIds")
    phone = check.phone(row.get("phone") or row.get("sms", ""), "phone")
    email = check.email(row.get("email", ""), "email")
    number = (
        check.student_number(row.get("identifier", ""), "identifier") if kind == "student" else None
    )
    born = check.birth_date(birth, "birthDate", pupil=kind == "student", today=today)
    relatives = [a.strip() for a in row.get("agentSourcedIds", "").split(",") if a.strip()]
    if ext is None or last is None or first is None:
        return None
    return PersonRow(
        check.src, kind, ext, last, first, middle, born, snils, phone, email, number, relatives
    )


def _enrollments(reader: _Reader) -> None:
    ids = _Ids()
    for src, row in reader.rows("enrollments.csv"):
        check = RowCheck(src)
        ext = ids.take(check, row["sourcedId"])
        deleted = _deleted(check, row)
        role = row["role"]
        if role not in ("student", "teacher"):
            check.fail(
                "role",
                "role_unsupported",
                "Роль в классе — student или teacher",
                "The role in a class must be student or teacher",
            )
        class_ext = check.required(row["classSourcedId"], "classSourcedId")
        user_ext = check.required(row["userSourcedId"], "userSourcedId")
        hours = check.hours(row.get(HOURS_COLUMN), HOURS_COLUMN)
        if check.ok and ext and class_ext and user_ext:
            primary = row.get("primary", "").lower() == "true"
            reader.roster.enrollments.append(
                EnrollmentRow(src, ext, class_ext, user_ext, role, primary, deleted, hours)
            )
        else:
            reader.roster.reject("enrollments", check.problems)


def read(content: bytes, *, today: date, progress: Progress) -> Roster:
    archive = open_archive(content)
    reader = _Reader(archive, Roster(format="oneroster_csv"), today)
    if not reader.has(MANIFEST):
        raise Unreadable(MANIFEST, Text("его нет в архиве", "it is not in the archive"))
    if not reader.has("users.csv") and not reader.has("classes.csv"):
        raise Unreadable(
            "users.csv",
            Text(
                "в архиве нет ни users.csv, ни classes.csv",
                "the archive has neither users.csv nor classes.csv",
            ),
        )
    _sessions(reader)
    _classes(reader)
    _users(reader, progress)
    _enrollments(reader)
    return reader.roster
