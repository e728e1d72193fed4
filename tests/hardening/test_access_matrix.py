"""Generated access matrix: every id-bearing route of ``openapi.json`` × every caller.

School A's staff and family A make their objects (``matrix_world``); every route with a
path parameter is called with A's ids, as each of: a parent of another family, a student
(a classmate), a teacher of another class, an administrator of another school, an
operator, a platform administrator, an integration client of another school (every
scope), and no one. Each must answer 401, 403 or 404 — and change nothing in the
database — unless ``RIGHTS`` says that caller holds the right, and why.

A new route is covered when its path parameters are known kinds of id (``student_id``…);
one with a new kind of id, or one that takes something other than an owned object's id,
fails ``test_every_id_bearing_route_is_walked_or_listed`` until it gets an id in
``matrix_world`` or a line in ``NOT_OWNED`` with the reason.
"""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from tests.hardening.matrix_world import Matrix, body_of, build_matrix
from tests.hardening.openapi_walk import Operation, example, operations

# Routes whose path parameter is not the id of someone's object: reason each.
NOT_OWNED: dict[str, str] = {
    "GET /api/v1/calendar/{token}.ics": "параметр — сам секрет ленты (tests/diary/calendar)",
    "GET /api/v1/consents/{version}": "публичный текст согласия",
    "POST /api/v1/validation/{kind}": "публичная проверка формата СНИЛС/ИНН, без объектов",
    "PUT /api/v1/work-types/{code}": "код вида работы в школе самого вызывающего",
    "GET /api/v1/schools/{school_id}": "публичный реестр школ",
    "GET /api/v1/schools/{school_id}/classes": "публичный список классов для заявления",
    "POST /api/v1/schools/{school_id}/classes/check": "публичная проверка мест в классе",
    "GET /api/v1/signed-records/{record_id}/verification": (
        "публичная проверка подписи по QR-коду: кто и когда подписал, без учеников и оценок"
        " (tests/reports/test_signed_records_pdf.py)"
    ),
}

# Routes landed after the matrix whose kind of id matrix_world does not make yet: a debt,
# each to move out by making school A's object there.
NOT_YET_MADE: dict[str, str] = {
    **dict.fromkeys(
        (
            "POST /api/v1/grade-suggestions/{suggestion_id}/accept",
            "POST /api/v1/grade-suggestions/{suggestion_id}/reject",
        ),
        "suggestion_id: нет в matrix_world (чужие — 404 в tests/oneroster/test_suggestions.py)",
    ),
}
NOT_OWNED.update(NOT_YET_MADE)
# OneRoster's path ids are sourcedIds of any resource (some derived, UUIDv5): school
# isolation of each is walked by tests/oneroster/test_access.py (404 unknownobject).
NOT_OWNED.update(
    {
        operation.name: "OneRoster sourcedId: tests/oneroster/test_access.py"
        for operation in operations()
        if operation.route.startswith("/ims/oneroster/") and operation.path_parameters
    }
)

OPERATOR = "оператор"
TEACHER = "учитель другого класса"
CLASSMATE = "ученик (одноклассник)"
PLATFORM = "администратор платформы"

# (operation, caller) where the caller does hold a right over A's object: reason each.
RIGHTS: dict[tuple[str, str], str] = {
    **{
        (f"{method} /api/v1/operator/accounts/{{account_id}}{tail}", who): (
            "оператор подтверждает личность любого заявителя (docs/identity-levels.md)"
        )
        for method, tail in (
            ("GET", ""),
            ("POST", "/confirm"),
            ("POST", "/confirmation-code"),
            ("GET", "/documents/{document_id}/content"),
        )
        for who in (OPERATOR, PLATFORM)
    },
    **{
        (f"{method} /api/v1/admin/{tail}", who): "очередь поддержки и подключения школ"
        for method, tail in (
            ("POST", "connection-requests/{request_id}/decision"),
            ("GET", "connection-requests/{request_id}/letter"),
            ("GET", "support/tickets/{ticket_id}"),
            ("POST", "support/tickets/{ticket_id}/messages"),
            ("POST", "support/tickets/{ticket_id}/close"),
            ("GET", "support/tickets/{ticket_id}/screenshot"),
        )
        for who in (OPERATOR, PLATFORM)
    },
    **{
        (f"{method} /api/v1/integration-clients/{{client_uuid}}{tail}", PLATFORM): (
            "клиентов интеграции всех школ ведёт администратор платформы (INTEGRATION.md)"
        )
        for method, tail in (
            ("GET", ""),
            ("PATCH", ""),
            ("POST", "/rotate-secret"),
            ("POST", "/revoke"),
            ("GET", "/access-log"),
            ("GET", "/webhooks"),
            ("POST", "/webhooks/{webhook_id}/disable"),
            ("GET", "/webhooks/{webhook_id}/deliveries"),
            ("POST", "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"),
        )
    },
    ("GET /api/v1/terms/{term_id}/classes/{class_id}/timetable", TEACHER): (
        "расписание любого класса своей школы видит каждый её сотрудник (замены)"
    ),
    **{
        (f"GET /api/v1/signed-records/{{record_id}}{tail}", CLASSMATE): (
            "выписка подписанной ведомости (и её PDF) только со своей строкой"
            " (tests/diary/grades/test_signoff)"
        )
        for tail in ("", "/pdf")
    },
    ("GET /api/v1/lessons/{lesson_id}", CLASSMATE): "урок своего класса",
    ("GET /api/v1/lessons/{lesson_id}/homework", CLASSMATE): "задание своего класса",
}

DENIED = {401, 403, 404}
# (A session's ``last_used_at`` moves on every call of its own.)
VOLATILE = {"refresh_sessions"}
SEP, EMPTY = "'|' ORDER BY t::text", "''"


def _walked() -> list[Operation]:
    return [op for op in operations() if op.path_parameters and op.name not in NOT_OWNED]


async def _fingerprint(session: AsyncSession) -> dict[str, str]:
    tables = (
        await session.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        )
    ).scalars()
    prints = {}
    for table in tables:
        if table in VOLATILE:
            continue
        prints[table] = str(
            await session.scalar(
                text(f'SELECT md5(coalesce(string_agg(t::text, {SEP}), {EMPTY})) FROM "{table}" t')  # noqa: S608
            )
        )
    return prints


def _query(op: Operation, m: Matrix) -> dict[str, Any]:
    """The required query parameters, filled in (``from``/``to``, ``term_id``…)."""
    return {
        p["name"]: example(p["schema"], m.id_for, p["name"])
        for p in op.spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }


async def _call(client: AsyncClient, m: Matrix, op: Operation, headers: dict[str, str]) -> Any:
    url = op.route.format(**{name: m.ids[name] for name in op.path_parameters})
    kwargs: dict[str, Any] = {"headers": headers, "params": _query(op, m)}
    if op.json_schema() is not None:
        kwargs["json"] = body_of(op.route, op.method, m)
    elif op.multipart():
        kwargs["files"] = {"file": ("scan.pdf", b"%PDF-1.4 matrix", "application/pdf")}
    return await client.request(op.method.upper(), url, **kwargs)


def test_every_id_bearing_route_is_walked_or_listed() -> None:
    known = {
        "student_id", "class_id", "school_id", "term_id", "subject_id", "teacher_id",
        "account_id", "lesson_id", "grade_id", "homework_id", "note_id", "holiday_id",
        "client_uuid", "child_id", "document_id", "application_id", "ticket_id", "request_id",
        "assignment_id", "session_id", "notification_id", "meeting_id", "slot_id", "record_id",
        "webhook_id", "delivery_id", "import_id", "conversation_id", "attachment_id",
        "announcement_id", "export_id", "device_id", "subscription_id",
        "plan_id", "challenge_id", "signature_id",
    }  # fmt: skip
    unknown = {
        op.name: [p for p in op.path_parameters if p not in known]
        for op in _walked()
        if not set(op.path_parameters) <= known
    }
    assert not unknown, (
        "Маршруты с id, о которых матрица доступа не знает: создайте такой объект школы A "
        f"в tests/hardening/matrix_world.py или внесите маршрут в NOT_OWNED: {unknown}"
    )
    all_names = {op.name for op in operations()}
    stale = [name for name in NOT_OWNED if name not in all_names] + [
        name for name, _ in RIGHTS if name not in all_names
    ]
    assert not stale, f"Устаревшие строки в NOT_OWNED/RIGHTS: {stale}"
    assert len(_walked()) > 60


async def test_no_caller_reaches_another_schools_or_familys_objects(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    m = await build_matrix(client, session, settings)
    before = await _fingerprint(session)
    leaks: list[str] = []
    for op in _walked():
        for caller, headers in m.callers.items():
            if (op.name, caller) in RIGHTS:
                continue
            answer = await _call(client, m, op, headers)
            expected = {401} if not headers else DENIED
            if answer.status_code not in expected:
                leaks.append(f"{caller}: {op.name} → {answer.status_code} {answer.text[:160]}")
    after = await _fingerprint(session)
    changed = sorted(table for table in before if before[table] != after.get(table))

    assert not leaks, "\n".join(leaks)
    assert not changed, f"Отказанные запросы изменили таблицы: {changed}"


async def test_the_owners_reach_their_objects(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    """The matrix's ids are live: A's own parent and teacher get 200 on them, so a 404
    above means «not yours», not «no such row»."""
    m = await build_matrix(client, session, settings)
    a = m.world
    reads = [
        (a.parent.headers, "/api/v1/students/{student_id}/grades"),
        (a.parent.headers, "/api/v1/applications/{application_id}"),
        (a.parent.headers, "/api/v1/support/tickets/{ticket_id}"),
        (a.parent.headers, "/api/v1/me/children/{child_id}"),
        (a.parent.headers, "/api/v1/connection-requests/{request_id}"),
        (a.parent.headers, "/api/v1/learning-plans/{plan_id}"),
        (a.class_teacher.headers, "/api/v1/learning-plans/{plan_id}/comments"),
        (a.parent.headers, "/api/v1/signatures/{signature_id}"),
        (a.parent.headers, "/api/v1/me/documents/{document_id}/content"),
        (a.admin.headers, "/api/v1/applications/{application_id}/documents/{document_id}/content"),
        (a.teacher.headers, "/api/v1/lessons/{lesson_id}"),
        (a.teacher.headers, "/api/v1/lessons/{lesson_id}/homework"),
        (a.admin.headers, "/api/v1/integration-clients/{client_uuid}"),
        (a.admin.headers, "/api/v1/classes/{class_id}/journal"),
        (a.admin.headers, "/api/v1/schools/{school_id}/applications"),
        (a.admin.headers, "/api/v1/imports/{import_id}"),
        (
            a.admin.headers,
            "/api/v1/integration-clients/{client_uuid}/webhooks/{webhook_id}/deliveries",
        ),
        (a.admin.headers, "/api/v1/moderation/conversations/{conversation_id}/messages"),
        (a.parent.headers, "/api/v1/conversations/{conversation_id}"),
        (a.teacher.headers, "/api/v1/attachments/{attachment_id}/content"),
        (a.parent.headers, "/api/v1/announcements/{announcement_id}"),
        (a.class_teacher.headers, "/api/v1/meetings/{meeting_id}"),
    ]
    by_route = {op.route: op for op in operations() if op.method == "get"}
    for headers, route in reads:
        answer = await client.get(
            route.format(**m.ids), params=_query(by_route[route], m), headers=headers
        )
        assert answer.status_code == 200, (route, answer.text)
