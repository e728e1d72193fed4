"""``users`` (``students``, ``teachers``): pupils, the school's staff and — with
``edudiary:guardians.readonly`` — the pupils' guardians (contract §4.3, §4.4).

Only names, the pupil's number and grade, staff work e-mail and roles leave: no phones,
documents, login names; ``email`` is ``""`` for pupils and guardians. School admins
(``siteAdministrator``) only with ``roster.readonly`` (``:admins``); guardians and
``agents`` only with the guardians scope (``:guardians``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Text,
    case,
    cast,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, array

from api.diary.structure.models import Guardianship, Student, on_roster
from api.identity.models import Account, AccountStatus
from api.oneroster import enrollments
from api.oneroster.query import Kind
from api.oneroster.sql import (
    ADMINS,
    GUARDIANS,
    SCHOOL,
    AnySelect,
    grade_code,
    json_array,
    ref,
    school_ref,
)
from api.oneroster.statements import Resource, common_keys
from api.schools.models import SchoolClass
from api.statements import k, obj

_TEACHING: ColumnElement[Any] = literal_column("ARRAY['teacher', 'class_teacher']::varchar[]")


def _role_list(*names: str) -> ColumnElement[Any]:
    return cast(literal_column("ARRAY[" + ", ".join(f"'{n}'" for n in names) + "]"), ARRAY(Text))


def readable_users() -> AnySelect:
    students = (
        select(
            Student.id.label("sourced_id"),
            k("active").label("status"),
            Student.updated_at.label("modified"),
            k("student").label("kind"),
            Student.first_name.label("given_name"),
            Student.last_name.label("family_name"),
            Student.middle_name.label("middle_name"),
            func.coalesce(Student.student_number, k("")).label("identifier"),
            k("").label("email"),
            k("true").label("enabled_user"),
            _role_list("student").label("roles"),
            SchoolClass.grade.label("grade"),
        )
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .where(Student.school_id == SCHOOL, on_roster())
    )
    teaches = Account.roles.op("&&", is_comparison=True)(_TEACHING)
    administers = k("school_admin") == func.any(Account.roles)
    staff_roles = func.array_remove(
        array(
            [
                case((teaches, k("teacher")), else_=null()),
                case((and_admins(administers), k("siteAdministrator")), else_=null()),
            ]
        ),
        null(),
    )
    staff = select(
        Account.id.label("sourced_id"),
        k("active").label("status"),
        Account.updated_at.label("modified"),
        k("staff").label("kind"),
        Account.first_name.label("given_name"),
        Account.last_name.label("family_name"),
        Account.middle_name.label("middle_name"),
        k("").label("identifier"),
        func.coalesce(Account.email, k("")).label("email"),
        case((Account.status == AccountStatus.active, k("true")), else_=k("false")).label(
            "enabled_user"
        ),
        cast(staff_roles, ARRAY(Text)).label("roles"),
        cast(null(), SchoolClass.grade.type).label("grade"),
    ).where(Account.school_id == SCHOOL, or_(teaches, and_admins(administers)))
    guardians = (
        select(
            Account.id.label("sourced_id"),
            k("active").label("status"),
            func.greatest(Account.updated_at, func.max(Guardianship.created_at)).label("modified"),
            k("parent").label("kind"),
            Account.first_name.label("given_name"),
            Account.last_name.label("family_name"),
            Account.middle_name.label("middle_name"),
            k("").label("identifier"),
            k("").label("email"),
            case((Account.status == AccountStatus.active, k("true")), else_=k("false")).label(
                "enabled_user"
            ),
            _role_list("parent").label("roles"),
            cast(null(), SchoolClass.grade.type).label("grade"),
        )
        .join(Guardianship, Guardianship.account_id == Account.id)
        .join(Student, Student.id == Guardianship.student_id)
        .where(Student.school_id == SCHOOL, GUARDIANS)
        .group_by(Account.id)
    )
    return union_all(students, staff, guardians).subquery("users").select()


def and_admins(administers: ColumnElement[bool]) -> ColumnElement[bool]:
    return func.coalesce(ADMINS, false()) & administers


def _agents(row: Any) -> ColumnElement[Any]:
    """A pupil's guardians, a guardian's children — only with the guardians scope."""
    parents = (
        select(func.json_agg(ref("user", "users", Guardianship.account_id)))
        .where(Guardianship.student_id == row.sourced_id)
        .scalar_subquery()
    )
    children = (
        select(func.json_agg(ref("user", "users", Guardianship.student_id)))
        .join(Student, Student.id == Guardianship.student_id)
        .where(Guardianship.account_id == row.sourced_id, Student.school_id == SCHOOL)
        .scalar_subquery()
    )
    mine = case((row.kind == k("student"), parents), (row.kind == k("parent"), children))
    return case((GUARDIANS, func.coalesce(mine, json_array())), else_=json_array())


def _roles(row: Any) -> ColumnElement[Any]:
    role = func.unnest(row.roles).table_valued("value", with_ordinality="n").render_derived()
    entry = obj(
        roleType=case((role.c.n == 1, k("primary")), else_=k("secondary")),
        role=role.c.value,
        org=school_ref(),
    )
    listed = select(func.json_agg(entry)).select_from(role).scalar_subquery()
    return func.coalesce(listed, json_array())


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "enabledUser": row.enabled_user,
        "givenName": row.given_name,
        "familyName": row.family_name,
        "middleName": func.coalesce(row.middle_name, k("")),
        "identifier": row.identifier,
        "email": row.email,
        "roles": _roles(row),
        "grades": case(
            (row.grade.is_(None), json_array()), else_=json_array(grade_code(row.grade))
        ),
        "agents": _agents(row),
    }


def _teacher(r: Any) -> ColumnElement[bool]:
    is_teacher: ColumnElement[bool] = k("teacher") == func.any(r.roles)
    return is_teacher


USERS = Resource(
    name="users",
    singular="user",
    readable=readable_users,
    body=body,
    keys=(
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "roles",
        "grades",
        "agents",
    ),
    filterable={
        "givenName": ("given_name", Kind.text),
        "familyName": ("family_name", Kind.text),
        "email": ("email", Kind.text),
        "enabledUser": ("enabled_user", Kind.text),
        "role": ("roles", Kind.roles),
    },
    tombstones="users",
    links={
        "student": lambda r: r.kind == k("student"),
        "teacher": _teacher,
        "class_students": lambda r: r.sourced_id.in_(enrollments.members("student")),
        "class_teachers": lambda r: r.sourced_id.in_(enrollments.members("teacher")),
    },
)
