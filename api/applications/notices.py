"""What the applicant and the school hear about an application (Russian, like the SPA)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from api.applications.models import Application, ApplicationStatus
from api.applications.workflow import STATUS_LABELS
from api.notifications.service import Message

S = ApplicationStatus
KIND = "application"

_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def ru_date(day: date) -> str:
    """«4 декабря 2026 г.» (house typography: a no-break space before «г.»). It ends a
    sentence by itself: no second full stop after it."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}\u00a0г."


def local_day(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def link(application_id: uuid.UUID) -> str:
    return f"/applications/{application_id}"


def _name(application: Application) -> str:
    return f"Заявление {application.number}" if application.number else "Черновик заявления"


def _until(application: Application, tz: str) -> str:
    if application.due_at is None:
        return ""
    return ru_date(local_day(application.due_at, tz))


def next_steps(application: Application, tz: str) -> str:
    """The success page's second line: «Номер ЭД-2026-000123. Решение — до 4 декабря 2026 г.»."""
    return (
        f"Номер {application.number}. Решение — до {_until(application, tz)} "
        "О каждом изменении статуса придёт уведомление."
    )


def status_changed(
    application: Application, tz: str, *, comment: str | None, extra: str | None = None
) -> Message:
    status = application.status
    title = f"{_name(application)}: {STATUS_LABELS[status].ru.lower()}"
    until = _until(application, tz)
    bodies = {
        S.submitted: f"Заявление успешно отправлено. Школа рассмотрит его до {until}",
        S.under_review: f"Школа рассматривает заявление. Решение — до {until}",
        S.info_requested: (
            f"Школа просит уточнить сведения. Ответьте до {until}, иначе рассмотрение "
            "будет приостановлено."
        ),
        S.suspended: (
            "Рассмотрение приостановлено: ответ на запрос школы не получен в течение трёх "
            "рабочих дней. Ответьте на запрос, чтобы рассмотрение продолжилось."
        ),
        S.approved: "Заявление одобрено: дневник ребёнка доступен в разделе «Дневник».",
        S.rejected: (
            "В подключении отказано. Отказ можно обжаловать в течение 30 дней: приложите "
            "документы, подтверждающие правильность сведений."
        ),
        S.appealed: f"Жалоба на отказ принята. Её рассмотрят до {until}",
        S.withdrawn: "Заявление отозвано.",
    }
    parts = [bodies.get(status, STATUS_LABELS[status].ru)]
    if extra:
        parts.append(extra)
    if comment:
        parts.append(f"Комментарий: {comment}")
    return Message(kind=KIND, title=title, body=" ".join(parts), link=link(application.id))


def school_overdue(school_id: uuid.UUID, count: int) -> Message:
    return Message(
        kind=KIND,
        title=f"Просрочено заявлений: {count}",
        body=(
            f"Срок рассмотрения истёк у заявлений: {count}. Откройте очередь заявлений школы "
            "и примите решения."
        ),
        link=f"/schools/{school_id}/applications",
    )
