"""OneRoster 1.2 shapes as the OpenAPI document declares them (camelCase on the wire).

The JSON itself is built by PostgreSQL (``statements``); these models are the declared
contract (schemathesis holds the answers to them). Every key is optional because
``fields=`` may leave any out, and a tombstone carries only sourcedId, status and
dateLastModified.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Camel(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class Ref(_Camel):
    href: str
    sourced_id: str = Field(alias="sourcedId")
    type: str


class _Base(_Camel):
    sourced_id: str | None = Field(None, alias="sourcedId")
    status: str | None = Field(None, description="active | tobedeleted")
    date_last_modified: str | None = Field(None, alias="dateLastModified")


class Org(_Base):
    name: str | None = None
    type: str | None = None
    identifier: str | None = Field(None, description="ИНН")
    metadata: dict[str, Any] | None = None


class AcademicSession(_Base):
    title: str | None = None
    start_date: str | None = Field(None, alias="startDate")
    end_date: str | None = Field(None, alias="endDate")
    type: str | None = Field(None, description="schoolYear | term | gradingPeriod")
    school_year: str | None = Field(None, alias="schoolYear")
    parent: Ref | None = None
    children: list[Ref] | None = None
    org: Ref | None = None


class Course(_Base):
    title: str | None = None
    course_code: str | None = Field(None, alias="courseCode")
    grades: list[str] | None = None
    subjects: list[str] | None = None
    org: Ref | None = None


class Class(_Base):
    title: str | None = None
    class_code: str | None = Field(None, alias="classCode")
    class_type: str | None = Field(None, alias="classType")
    grades: list[str] | None = None
    subjects: list[str] | None = None
    course: Ref | None = None
    school: Ref | None = None
    terms: list[Ref] | None = None
    periods: list[str] | None = None
    metadata: dict[str, Any] | None = None


class Role(_Camel):
    role_type: str = Field(alias="roleType")
    role: str
    org: Ref


class User(_Base):
    enabled_user: str | None = Field(None, alias="enabledUser")
    given_name: str | None = Field(None, alias="givenName")
    family_name: str | None = Field(None, alias="familyName")
    middle_name: str | None = Field(None, alias="middleName")
    identifier: str | None = None
    email: str | None = None
    roles: list[Role] | None = None
    grades: list[str] | None = None
    agents: list[Ref] | None = None


class Enrollment(_Base):
    user: Ref | None = None
    class_: Ref | None = Field(None, alias="class")
    school: Ref | None = None
    role: str | None = None
    primary: str | None = None
    begin_date: str | None = Field(None, alias="beginDate")
    end_date: str | None = Field(None, alias="endDate")


class Demographics(_Base):
    birth_date: str | None = Field(None, alias="birthDate")


class OrgsOut(_Camel):
    orgs: list[Org]


class OrgOut(_Camel):
    org: Org


class AcademicSessionsOut(_Camel):
    academic_sessions: list[AcademicSession] = Field(alias="academicSessions")


class AcademicSessionOut(_Camel):
    academic_session: AcademicSession = Field(alias="academicSession")


class CoursesOut(_Camel):
    courses: list[Course]


class CourseOut(_Camel):
    course: Course


class ClassesOut(_Camel):
    classes: list[Class]


class ClassOut(_Camel):
    class_: Class = Field(alias="class")


class UsersOut(_Camel):
    users: list[User]


class UserOut(_Camel):
    user: User


class EnrollmentsOut(_Camel):
    enrollments: list[Enrollment]


class EnrollmentOut(_Camel):
    enrollment: Enrollment


class DemographicsListOut(_Camel):
    demographics: list[Demographics]


class DemographicsOut(_Camel):
    demographics: Demographics


class Category(_Base):
    title: str | None = None
    weight: float | None = None


class ScoreScaleValue(_Camel):
    item_value_lhs: str = Field(alias="itemValueLHS")
    item_value_rhs: str = Field(alias="itemValueRHS")


class ScoreScale(_Base):
    title: str | None = None
    type: str | None = Field(None, description="five | passfail")
    class_: Ref | None = Field(None, alias="class")
    course: Ref | None = None
    score_scale_value: list[ScoreScaleValue] | None = Field(None, alias="scoreScaleValue")


class LineItem(_Base):
    title: str | None = None
    description: str | None = None
    assign_date: str | None = Field(None, alias="assignDate")
    due_date: str | None = Field(None, alias="dueDate")
    class_: Ref | None = Field(None, alias="class")
    school: Ref | None = None
    category: Ref | None = None
    grading_period: Ref | None = Field(None, alias="gradingPeriod")
    score_scale: Ref | None = Field(None, alias="scoreScale")
    result_value_min: float | None = Field(None, alias="resultValueMin")
    result_value_max: float | None = Field(None, alias="resultValueMax")
    metadata: dict[str, Any] | None = None


class Result(_Base):
    line_item: Ref | None = Field(None, alias="lineItem")
    student: Ref | None = None
    class_: Ref | None = Field(None, alias="class")
    score: float | None = None
    text_score: str | None = Field(None, alias="textScore")
    score_status: str | None = Field(None, alias="scoreStatus")
    score_date: str | None = Field(None, alias="scoreDate")
    comment: str | None = None
    metadata: dict[str, Any] | None = None


class CategoriesOut(_Camel):
    categories: list[Category]


class CategoryOut(_Camel):
    category: Category


class ScoreScalesOut(_Camel):
    score_scales: list[ScoreScale] = Field(alias="scoreScales")


class ScoreScaleOut(_Camel):
    score_scale: ScoreScale = Field(alias="scoreScale")


class LineItemsOut(_Camel):
    line_items: list[LineItem] = Field(alias="lineItems")


class LineItemOut(_Camel):
    line_item: LineItem = Field(alias="lineItem")


class ResultsOut(_Camel):
    results: list[Result]


class ResultOut(_Camel):
    result: Result


# What a platform writes (contract §4.5). Unknown keys of the binding (sourcedId, status,
# metadata, …) are accepted and ignored; what edudiary keeps is validated.
class _In(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")


class IdRef(_In):
    sourced_id: str = Field(alias="sourcedId", min_length=1, max_length=100)


# Scores a platform may send: any number (extra credit above the maximum is allowed)
# within what the journal stores.
SCORE_LIMIT = 99_999_999


class LineItemIn(_In):
    sourced_id: str | None = Field(None, alias="sourcedId", max_length=100)
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(None, max_length=1000)
    assign_date: AwareDatetime = Field(alias="assignDate")
    due_date: AwareDatetime = Field(alias="dueDate")
    class_: IdRef = Field(alias="class")
    category: IdRef
    school: IdRef | None = None
    result_value_min: float = Field(
        0, alias="resultValueMin", ge=-SCORE_LIMIT, le=SCORE_LIMIT, allow_inf_nan=False
    )
    result_value_max: float = Field(
        100, alias="resultValueMax", ge=-SCORE_LIMIT, le=SCORE_LIMIT, allow_inf_nan=False
    )


class LineItemPut(_In):
    line_item: LineItemIn = Field(alias="lineItem")


class ScoreStatus(enum.StrEnum):
    exempt = "exempt"
    fully_graded = "fully graded"
    not_submitted = "not submitted"
    partially_graded = "partially graded"
    submitted = "submitted"


class ResultIn(_In):
    sourced_id: str | None = Field(None, alias="sourcedId", max_length=100)
    line_item: IdRef = Field(alias="lineItem")
    student: IdRef
    score: float | None = Field(None, ge=-SCORE_LIMIT, le=SCORE_LIMIT, allow_inf_nan=False)
    text_score: str | None = Field(None, alias="textScore", min_length=1, max_length=100)
    score_status: ScoreStatus = Field(alias="scoreStatus")
    score_date: dt.date = Field(alias="scoreDate")
    comment: str | None = Field(None, max_length=1000)


class ResultPut(_In):
    result: ResultIn


class CodeMinorField(_Camel):
    imsx_code_minor_field_name: str = Field(alias="imsx_codeMinorFieldName")
    imsx_code_minor_field_value: str = Field(alias="imsx_codeMinorFieldValue")


class CodeMinor(_Camel):
    imsx_code_minor_field: list[CodeMinorField] = Field(alias="imsx_codeMinorField")


class ImsxError(_Camel):
    """The binding's failure body (contract §4.2)."""

    imsx_code_major: str = Field(alias="imsx_codeMajor")
    imsx_severity: str
    imsx_description: str
    imsx_code_minor: CodeMinor = Field(alias="imsx_CodeMinor")
