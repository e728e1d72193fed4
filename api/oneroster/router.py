"""``/ims/oneroster/rostering/v1p2`` (contract §4.1–§4.4): the routes, made by three small
factories because the binding's ~30 read paths differ only in resource, nesting and scope.

(No ``from __future__ import annotations`` here: the factories' endpoints annotate
parameters with the factory's arguments, which FastAPI must see evaluated.)
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import SessionDep
from api.identity.deps import Principal
from api.oneroster import schemas, service, writes
from api.oneroster.categories import CATEGORIES
from api.oneroster.classes import CLASSES
from api.oneroster.courses import COURSES
from api.oneroster.demographics import DEMOGRAPHICS
from api.oneroster.enrollments import ENROLLMENTS
from api.oneroster.line_items import LINE_ITEMS
from api.oneroster.orgs import ORGS
from api.oneroster.results import RESULTS
from api.oneroster.score_scales import SCORE_SCALES
from api.oneroster.sessions import SESSIONS
from api.oneroster.sql import GRADEBOOK, ROSTERING
from api.oneroster.statements import Resource
from api.oneroster.users import USERS

router = APIRouter(prefix=ROSTERING, tags=["oneroster-rostering"])
gradebook_router = APIRouter(prefix=GRADEBOOK, tags=["oneroster-gradebook"])

_ERROR_TEXT = {
    400: "invalid_filter_field / invalid_selection_field / invalid_sort_field",
    401: "unauthorisedrequest",
    403: "forbidden: нет нужного scope или вызывает не клиент",
    404: "unknownobject (в том числе объект другой школы)",
    422: "invaliddata",
}
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ImsxError, "description": text}
    for status, text in _ERROR_TEXT.items()
}
Fields = Annotated[str | None, Query(description="Какие поля вернуть: a,b")]
Reader = Callable[..., Any]

# Parent checks of nested paths: the parent must exist in the client's school.
Parent = tuple[Resource, tuple[str, ...]]
CLASS = (CLASSES, ())
TERM = (SESSIONS, ("terms",))
COURSE = (COURSES, ())
USER = (USERS, ())


def collection(
    path: str,
    name: str,
    summary: str,
    model: type[BaseModel],
    resource: Resource,
    reader: Reader,
    *,
    links: tuple[str, ...] = (),
    target: APIRouter = router,
) -> None:
    async def endpoint(
        request: Request,
        session: SessionDep,
        caller: Annotated[Principal, Depends(reader)],
        params: service.ListParams,
    ) -> Response:
        return await service.page(request, session, caller, resource, params, links=links)

    target.add_api_route(
        path, endpoint, name=name, summary=summary, response_model=model, responses=ERRORS
    )


def single(
    path: str,
    name: str,
    summary: str,
    model: type[BaseModel],
    resource: Resource,
    reader: Reader,
    *,
    links: tuple[str, ...] = (),
    target: APIRouter = router,
) -> None:
    async def endpoint(
        request: Request,
        session: SessionDep,
        caller: Annotated[Principal, Depends(reader)],
        id: str,
        fields: Fields = None,
    ) -> Response:
        return await service.one(request, session, caller, resource, id, fields=fields, links=links)

    target.add_api_route(
        path, endpoint, name=name, summary=summary, response_model=model, responses=ERRORS
    )


def nested(
    path: str,
    name: str,
    summary: str,
    model: type[BaseModel],
    resource: Resource,
    *,
    links: tuple[str, ...] = (),
    parent: Parent | None = None,
    in_school: bool = False,
    reader: Reader | None = None,
    target: APIRouter = router,
) -> None:
    """``/x/{id}/y`` (``parent`` checked, its id is the ``:link``), ``/schools/{id}/y``
    (``in_school``) and ``/schools/{id}/classes/{cid}/y`` (both)."""
    reader = reader or service.reader(service.ROSTER)

    async def run(
        request: Request,
        session: SessionDep,
        caller: Principal,
        params: service.ListQuery,
        parent_id: str | None,
    ) -> Response:
        link = None
        if parent is not None and parent_id is not None:
            parent_resource, parent_links = parent
            await service.find(
                request, session, caller, parent_resource, parent_id, links=parent_links
            )
            link = service.as_uuid(parent_id)
        return await service.page(
            request, session, caller, resource, params, links=links, link=link
        )

    if in_school and parent is not None:

        async def in_class(
            request: Request,
            session: SessionDep,
            caller: Annotated[Principal, Depends(reader)],
            params: service.ListParams,
            id: str,
            cid: str,
        ) -> Response:
            service.own_school(caller, id)
            return await run(request, session, caller, params, cid)

        endpoint: Callable[..., Any] = in_class
    elif in_school:

        async def of_school(
            request: Request,
            session: SessionDep,
            caller: Annotated[Principal, Depends(reader)],
            params: service.ListParams,
            id: str,
        ) -> Response:
            service.own_school(caller, id)
            return await run(request, session, caller, params, None)

        endpoint = of_school
    else:

        async def of_parent(
            request: Request,
            session: SessionDep,
            caller: Annotated[Principal, Depends(reader)],
            params: service.ListParams,
            id: str,
        ) -> Response:
            return await run(request, session, caller, params, id)

        endpoint = of_parent
    target.add_api_route(
        path, endpoint, name=name, summary=summary, response_model=model, responses=ERRORS
    )


core = service.reader(service.ROSTER_CORE, service.ROSTER)
roster = service.reader(service.ROSTER)
demographics = service.reader(service.DEMOGRAPHICS)

collection("/orgs", "orgs", "Организации (школа клиента)", schemas.OrgsOut, ORGS, core)
single("/orgs/{id}", "org", "Организация", schemas.OrgOut, ORGS, core)
collection("/schools", "schools", "Школы (школа клиента)", schemas.OrgsOut, ORGS, core)
single("/schools/{id}", "school", "Школа", schemas.OrgOut, ORGS, core)
collection(
    "/academicSessions",
    "academic-sessions",
    "Учебные годы, четверти и отчётные периоды",
    schemas.AcademicSessionsOut,
    SESSIONS,
    core,
)
single(
    "/academicSessions/{id}",
    "academic-session",
    "Учебный период",
    schemas.AcademicSessionOut,
    SESSIONS,
    core,
)
collection(
    "/terms", "terms", "Четверти", schemas.AcademicSessionsOut, SESSIONS, core, links=("terms",)
)
single(
    "/terms/{id}", "term", "Четверть", schemas.AcademicSessionOut, SESSIONS, core, links=("terms",)
)
nested(
    "/terms/{id}/gradingPeriods",
    "term-grading-periods",
    "Отчётные периоды четверти",
    schemas.AcademicSessionsOut,
    SESSIONS,
    links=("grading_periods", "parent"),
    parent=TERM,
)
nested(
    "/terms/{id}/classes",
    "term-classes",
    "Классы четверти",
    schemas.ClassesOut,
    CLASSES,
    links=("term",),
    parent=TERM,
)
collection(
    "/gradingPeriods",
    "grading-periods",
    "Отчётные периоды",
    schemas.AcademicSessionsOut,
    SESSIONS,
    core,
    links=("grading_periods",),
)
single(
    "/gradingPeriods/{id}",
    "grading-period",
    "Отчётный период",
    schemas.AcademicSessionOut,
    SESSIONS,
    core,
    links=("grading_periods",),
)
collection("/courses", "courses", "Курсы: предмет в параллели", schemas.CoursesOut, COURSES, core)
single("/courses/{id}", "course", "Курс", schemas.CourseOut, COURSES, core)
nested(
    "/courses/{id}/classes",
    "course-classes",
    "Классы курса",
    schemas.ClassesOut,
    CLASSES,
    links=("course",),
    parent=COURSE,
)
collection("/classes", "classes", "Классы и предметные группы", schemas.ClassesOut, CLASSES, core)
single("/classes/{id}", "class", "Класс", schemas.ClassOut, CLASSES, core)
nested(
    "/classes/{id}/students",
    "class-students",
    "Ученики класса",
    schemas.UsersOut,
    USERS,
    links=("class_students",),
    parent=CLASS,
)
nested(
    "/classes/{id}/teachers",
    "class-teachers",
    "Учителя класса",
    schemas.UsersOut,
    USERS,
    links=("class_teachers",),
    parent=CLASS,
)
collection("/users", "users", "Пользователи школы", schemas.UsersOut, USERS, core)
single("/users/{id}", "user", "Пользователь", schemas.UserOut, USERS, core)
nested(
    "/users/{id}/classes",
    "user-classes",
    "Классы пользователя",
    schemas.ClassesOut,
    CLASSES,
    links=("user",),
    parent=USER,
)
collection("/students", "students", "Ученики", schemas.UsersOut, USERS, core, links=("student",))
single("/students/{id}", "student", "Ученик", schemas.UserOut, USERS, core, links=("student",))
nested(
    "/students/{id}/classes",
    "student-classes",
    "Классы ученика",
    schemas.ClassesOut,
    CLASSES,
    links=("user",),
    parent=(USERS, ("student",)),
)
collection("/teachers", "teachers", "Учителя", schemas.UsersOut, USERS, core, links=("teacher",))
single("/teachers/{id}", "teacher", "Учитель", schemas.UserOut, USERS, core, links=("teacher",))
nested(
    "/teachers/{id}/classes",
    "teacher-classes",
    "Классы учителя",
    schemas.ClassesOut,
    CLASSES,
    links=("user",),
    parent=(USERS, ("teacher",)),
)
collection(
    "/enrollments", "enrollments", "Зачисления в классы", schemas.EnrollmentsOut, ENROLLMENTS, core
)
single("/enrollments/{id}", "enrollment", "Зачисление", schemas.EnrollmentOut, ENROLLMENTS, core)
nested(
    "/schools/{id}/classes",
    "school-classes",
    "Классы школы",
    schemas.ClassesOut,
    CLASSES,
    in_school=True,
)
nested(
    "/schools/{id}/courses",
    "school-courses",
    "Курсы школы",
    schemas.CoursesOut,
    COURSES,
    in_school=True,
)
nested(
    "/schools/{id}/terms",
    "school-terms",
    "Четверти школы",
    schemas.AcademicSessionsOut,
    SESSIONS,
    links=("terms",),
    in_school=True,
)
nested(
    "/schools/{id}/students",
    "school-students",
    "Ученики школы",
    schemas.UsersOut,
    USERS,
    links=("student",),
    in_school=True,
)
nested(
    "/schools/{id}/teachers",
    "school-teachers",
    "Учителя школы",
    schemas.UsersOut,
    USERS,
    links=("teacher",),
    in_school=True,
)
nested(
    "/schools/{id}/enrollments",
    "school-enrollments",
    "Зачисления школы",
    schemas.EnrollmentsOut,
    ENROLLMENTS,
    in_school=True,
)
nested(
    "/schools/{id}/classes/{cid}/enrollments",
    "school-class-enrollments",
    "Зачисления в класс",
    schemas.EnrollmentsOut,
    ENROLLMENTS,
    links=("class",),
    parent=CLASS,
    in_school=True,
)
nested(
    "/schools/{id}/classes/{cid}/students",
    "school-class-students",
    "Ученики класса",
    schemas.UsersOut,
    USERS,
    links=("class_students",),
    parent=CLASS,
    in_school=True,
)
nested(
    "/schools/{id}/classes/{cid}/teachers",
    "school-class-teachers",
    "Учителя класса",
    schemas.UsersOut,
    USERS,
    links=("class_teachers",),
    parent=CLASS,
    in_school=True,
)
collection(
    "/demographics",
    "demographics",
    "Даты рождения учеников",
    schemas.DemographicsListOut,
    DEMOGRAPHICS,
    demographics,
)
single(
    "/demographics/{id}",
    "demographic",
    "Дата рождения ученика",
    schemas.DemographicsOut,
    DEMOGRAPHICS,
    demographics,
)

# Gradebook (contract §4.1, §4.5): reads with gradebook.readonly; a platform's own line
# items and results written with gradebook.createput, removed with gradebook.delete.
grades = service.reader(service.GRADEBOOK_READ)
writer = service.reader(service.GRADEBOOK_WRITE)
remover = service.reader(service.GRADEBOOK_DELETE)

collection(
    "/categories",
    "categories",
    "Виды работ школы",
    schemas.CategoriesOut,
    CATEGORIES,
    reader=grades,
    target=gradebook_router,
)
single(
    "/categories/{id}",
    "category",
    "Вид работы",
    schemas.CategoryOut,
    CATEGORIES,
    reader=grades,
    target=gradebook_router,
)
nested(
    "/classes/{id}/categories",
    "class-categories",
    "Виды работ, доступные классу",
    schemas.CategoriesOut,
    CATEGORIES,
    parent=CLASS,
    reader=grades,
    target=gradebook_router,
)
collection(
    "/scoreScales",
    "score-scales",
    "Шкалы оценок",
    schemas.ScoreScalesOut,
    SCORE_SCALES,
    reader=grades,
    target=gradebook_router,
)
single(
    "/scoreScales/{id}",
    "score-scale",
    "Шкала оценок",
    schemas.ScoreScaleOut,
    SCORE_SCALES,
    reader=grades,
    target=gradebook_router,
)
nested(
    "/classes/{id}/scoreScales",
    "class-score-scales",
    "Шкала оценок класса",
    schemas.ScoreScalesOut,
    SCORE_SCALES,
    links=("class",),
    parent=CLASS,
    reader=grades,
    target=gradebook_router,
)
nested(
    "/schools/{id}/scoreScales",
    "school-score-scales",
    "Шкалы оценок школы",
    schemas.ScoreScalesOut,
    SCORE_SCALES,
    in_school=True,
    reader=grades,
    target=gradebook_router,
)
collection(
    "/lineItems",
    "line-items",
    "Столбцы журнала: урок × вид работы, и работы платформ",
    schemas.LineItemsOut,
    LINE_ITEMS,
    reader=grades,
    target=gradebook_router,
)
single(
    "/lineItems/{id}",
    "line-item",
    "Столбец журнала",
    schemas.LineItemOut,
    LINE_ITEMS,
    reader=grades,
    target=gradebook_router,
)
nested(
    "/classes/{id}/lineItems",
    "class-line-items",
    "Столбцы журнала класса",
    schemas.LineItemsOut,
    LINE_ITEMS,
    links=("class",),
    parent=CLASS,
    reader=grades,
    target=gradebook_router,
)
collection(
    "/results",
    "results",
    "Оценки и результаты платформ",
    schemas.ResultsOut,
    RESULTS,
    reader=grades,
    target=gradebook_router,
)
single(
    "/results/{id}",
    "result",
    "Оценка или результат",
    schemas.ResultOut,
    RESULTS,
    reader=grades,
    target=gradebook_router,
)
nested(
    "/classes/{id}/results",
    "class-results",
    "Оценки класса",
    schemas.ResultsOut,
    RESULTS,
    links=("class",),
    parent=CLASS,
    reader=grades,
    target=gradebook_router,
)


@gradebook_router.get(
    "/classes/{id}/lineItems/{lid}/results",
    name="class-line-item-results",
    summary="Оценки столбца журнала",
    response_model=schemas.ResultsOut,
    responses=ERRORS,
)
async def line_item_results(
    request: Request,
    session: SessionDep,
    caller: Annotated[Principal, Depends(grades)],
    params: service.ListParams,
    id: str,
    lid: str,
) -> Response:
    await service.find(request, session, caller, CLASSES, id)
    # The line item must be the class's: checked as a nested read of the class.
    item = service.as_uuid(lid)
    await service.find(
        request, session, caller, LINE_ITEMS, lid, links=("class",), link=service.as_uuid(id)
    )
    return await service.page(
        request,
        session,
        caller,
        RESULTS,
        params,
        links=("class", "line_item"),
        link=service.as_uuid(id),
        link2=item,
    )


@gradebook_router.get(
    "/classes/{id}/students/{sid}/results",
    name="class-student-results",
    summary="Оценки ученика в классе",
    response_model=schemas.ResultsOut,
    responses=ERRORS,
)
async def student_results(
    request: Request,
    session: SessionDep,
    caller: Annotated[Principal, Depends(grades)],
    params: service.ListParams,
    id: str,
    sid: str,
) -> Response:
    await service.find(request, session, caller, CLASSES, id)
    await service.find(request, session, caller, USERS, sid, links=("student",))
    return await service.page(
        request,
        session,
        caller,
        RESULTS,
        params,
        links=("class", "student"),
        link=service.as_uuid(id),
        link2=service.as_uuid(sid),
    )


_WRITE_ERRORS = {
    **ERRORS,
    403: {"model": schemas.ImsxError, "description": "forbidden: нет scope или объект не ваш"},
}


async def _as_written(
    request: Request,
    session: AsyncSession,
    caller: Principal,
    resource: Resource,
    id: str,
    *,
    created: bool,
) -> Response:
    """A PUT answers with the object as a GET of it reads (201 when it created it)."""
    text = await service.find(request, session, caller, resource, id)
    return Response(text, status_code=201 if created else 200, media_type="application/json")


@gradebook_router.put(
    "/lineItems/{id}",
    name="put-line-item",
    summary="Создать или заменить работу платформы (столбец с предложениями оценок)",
    response_model=schemas.LineItemOut,
    responses={201: {"model": schemas.LineItemOut, "description": "Создана"}, **_WRITE_ERRORS},
)
async def put_line_item(
    request: Request,
    session: SessionDep,
    caller: Annotated[Principal, Depends(writer)],
    id: str,
    body: schemas.LineItemPut,
) -> Response:
    created = await writes.put_line_item(session, caller, id, body.line_item)
    return await _as_written(request, session, caller, LINE_ITEMS, id, created=created)


@gradebook_router.put(
    "/results/{id}",
    name="put-result",
    summary="Создать или заменить результат платформы: учитель увидит его как предложение",
    response_model=schemas.ResultOut,
    responses={201: {"model": schemas.ResultOut, "description": "Создан"}, **_WRITE_ERRORS},
)
async def put_result(
    request: Request,
    session: SessionDep,
    caller: Annotated[Principal, Depends(writer)],
    id: str,
    body: schemas.ResultPut,
) -> Response:
    created = await writes.put_result(session, caller, id, body.result)
    return await _as_written(request, session, caller, RESULTS, id, created=created)


@gradebook_router.delete(
    "/lineItems/{id}",
    name="delete-line-item",
    status_code=204,
    summary="Удалить работу платформы и её результаты (останутся как tobedeleted)",
    response_class=Response,
    responses=_WRITE_ERRORS,
)
async def delete_line_item(
    session: SessionDep, caller: Annotated[Principal, Depends(remover)], id: str
) -> Response:
    await writes.delete_line_item(session, caller, id)
    return Response(status_code=204)


@gradebook_router.delete(
    "/results/{id}",
    name="delete-result",
    status_code=204,
    summary="Удалить результат платформы (останется как tobedeleted)",
    response_class=Response,
    responses=_WRITE_ERRORS,
)
async def delete_result(
    session: SessionDep, caller: Annotated[Principal, Depends(remover)], id: str
) -> Response:
    await writes.delete_result(session, caller, id)
    return Response(status_code=204)
