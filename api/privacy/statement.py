"""What an erasure deletes and what it keeps, and why — told to the person (ст. 21 ч. 3
152-ФЗ: the operator informs the subject of what it did). Counts, never contents: the
statement outlives the account (``erasure_requests.statement``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import OPEN_STATUSES, Application
from api.children.models import Child
from api.diary.attendance.models import AbsenceNote
from api.diary.structure.models import Guardianship
from api.documents.models import Document
from api.messaging.models import ConversationMessage
from api.signatures.models import FamilySignature
from api.support.models import SupportTicket

JOURNAL_BASIS = (
    "Оценки и посещаемость — это учёт результатов обучения ребёнка, который школа обязана "
    "вести и хранить (ч. 3 ст. 28 Федерального закона № 273-ФЗ «Об образовании в РФ»; "
    "п. 2 ч. 1 ст. 6 Федерального закона № 152-ФЗ — обработка для исполнения "
    "обязанности, возложенной законом). Ваше согласие для этого не требуется."
)
JOURNAL_PERIOD = (
    "по номенклатуре дел школы: электронный журнал — 5 лет, сводные ведомости итоговых "
    "оценок — 25 лет (перечень типовых архивных документов, приказ Росархива от "
    "20.12.2019 № 236)"
)


async def _count(session: AsyncSession, query: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(query.subquery())) or 0)


async def build(session: AsyncSession, account_id: uuid.UUID) -> dict[str, Any]:
    documents = await _count(session, select(Document.id).where(Document.account_id == account_id))
    children = await _count(session, select(Child.id).where(Child.guardian_id == account_id))
    links = await _count(
        session, select(Guardianship.id).where(Guardianship.account_id == account_id)
    )
    open_applications = await _count(
        session,
        select(Application.id).where(
            Application.applicant_id == account_id, Application.status.in_(OPEN_STATUSES)
        ),
    )
    messages = await _count(
        session,
        select(ConversationMessage.id).where(ConversationMessage.author_id == account_id),
    )
    notes = await _count(session, select(AbsenceNote.id).where(AbsenceNote.filed_by == account_id))
    tickets = await _count(
        session, select(SupportTicket.id).where(SupportTicket.account_id == account_id)
    )
    signatures = await _count(
        session, select(FamilySignature.id).where(FamilySignature.account_id == account_id)
    )
    return {
        "deleted": [
            {"what": "ФИО, телефон, электронная почта, пароль, вход по коду из приложения"},
            {"what": "СНИЛС и паспорт, результаты проверки в ведомствах"},
            {"what": "Загруженные документы (сканы)", "count": documents},
            {
                "what": "Сведения о детях, которые вы вводили (ФИО, СНИЛС, свидетельство)",
                "count": children,
            },
            {
                "what": "Доступ к дневникам детей (привязка законного представителя)",
                "count": links,
            },
            {
                "what": "Сеансы входа, устройства для push-уведомлений, ленты и настройки "
                "уведомлений, календарь, сохранённые отчёты и файлы выгрузок"
            },
            {
                "what": "Обращения в службу поддержки вместе с перепиской (открытые и закрытые)",
                "count": tickets,
            },
        ],
        "withdrawn": [
            {
                "what": "Незавершённые заявления отзываются, телефон для связи из них удаляется",
                "count": open_applications,
            },
        ],
        "kept": [
            {
                "what": "Оценки, посещаемость и итоговые оценки ваших детей в журнале школы",
                "why": JOURNAL_BASIS,
                "period": JOURNAL_PERIOD,
            },
            {
                "what": "Объяснительные об отсутствии ребёнка, на которые школа опиралась",
                "count": notes,
                "why": "Подтверждают уважительные пропуски в журнале (основание — как у журнала); "
                "автор показывается как «Удалённый пользователь»",
                "period": JOURNAL_PERIOD,
            },
            {
                "what": "Ваши сообщения учителям",
                "count": messages,
                "why": "Это переписка школы: у собеседника она остаётся, автор показывается "
                "как «Удалённый пользователь», без имени и телефона",
                "period": "пока школа хранит переписку",
            },
            {
                "what": "Ваши подписи кодом из СМС: согласование индивидуального учебного плана, "
                "ознакомление с отчётами",
                "count": signatures,
                "why": "Подпись — доказательство школы, что законный представитель согласовал "
                "документ или ознакомился с ним; сам документ школа хранит. Подписант "
                "показывается как «Удалённый пользователь», подписанный текст не меняется",
                "period": "пока школа хранит подписанный документ",
            },
            {
                "what": "Отозванные заявления (без телефона), решения по заявлениям",
                "why": "История рассмотрения заявлений — отчётность школы о госуслуге",
                "period": "отозванные — 365 дней после отзыва, затем удаляются",
            },
            {
                "what": "Журнал аудита: кто и когда обращался к данным",
                "why": "Обязанность оператора фиксировать доступ к персональным данным "
                "(ст. 19 152-ФЗ). Журнал хранит только идентификаторы и исходы, без имён и "
                "номеров; после удаления идентификатор больше ни к кому не ведёт. Записи "
                "журнала не изменяются — на этом держится проверка его целостности",
                "period": "срок хранения журнала аудита",
            },
            {
                "what": "Последние SMS и письма, отправленные вам (в том числе это)",
                "why": "Подтверждение доставки",
                "period": "30 дней после отправки",
            },
        ],
    }


def _line(item: dict[str, Any]) -> str:
    count = f" ({item['count']})" if item.get("count") else ""
    return f"— {item['what']}{count}"


def as_text(statement: dict[str, Any], *, day: str, done: bool) -> str:
    """The letter: the same statement, in words."""
    head = (
        "Ваша учётная запись в электронном дневнике удалена."
        if done
        else f"Вы запросили удаление учётной записи в электронном дневнике. Она будет удалена "
        f"{day}; до этого дня удаление можно отменить в профиле, в разделе «Мои данные». "
        "Если запрос сделали не вы — войдите и отмените его, затем смените пароль."
    )
    parts = [head, "", "Удаляется:"]
    parts += [_line(i) for i in statement["deleted"] + statement["withdrawn"]]
    parts += ["", "Сохраняется и почему:"]
    for item in statement["kept"]:
        parts += [_line(item), f"  Основание: {item['why']}", f"  Срок: {item['period']}"]
    return "\n".join(parts)
