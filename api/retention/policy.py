"""How long each kind of row is kept after it stops serving its purpose (docs/security.md,
«Сроки хранения»). One rule per kind: the rows it selects are deleted by the retention job.

Periods are counted from the moment a row stopped being useful (a code's expiry, a
session's end, a message's delivery, an application's withdrawal), never from creation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from api.applications.models import Application, ApplicationStatus
from api.delivery.models import DeliveryStatus, OutboundMessage
from api.idempotency.models import IdempotencyRecord
from api.identity.login import FAILURE_MEMORY
from api.identity.models import (
    LoginChallenge,
    LoginLockout,
    OneTimeCode,
    RefreshSession,
    ThrottleEvent,
)
from api.messaging.models import Attachment
from api.reports.models import ReportExport
from api.stream.models import StreamEvent
from api.verification.models import ConfirmationCode

CODES_KEEP = timedelta(days=1)  # an expired code: a day for support to see it was sent
THROTTLE_KEEP = timedelta(days=1)  # longer than every throttle window
ENDED_SESSIONS_KEEP = timedelta(days=30)  # «мои сеансы» shows ended ones a month
SENT_MESSAGES_KEEP = timedelta(days=30)  # delivery questions come within a month
WITHDRAWN_APPLICATIONS_KEEP = timedelta(days=365)  # a withdrawn application: a school year
# An upload never attached to a message or an announcement: a day is longer than any
# message anyone writes, and the file (a child's photo, a certificate) is nobody's to keep.
UNSENT_ATTACHMENTS_KEEP = timedelta(hours=24)
# A live stream resumes (Last-Event-ID) within a week; older, the client reloads its lists.
STREAM_EVENTS_KEEP = timedelta(days=7)


@dataclass(frozen=True)
class Rule:
    name: str  # stable: the key in the log line and the audit row
    description: str  # Russian, for the CLI and the docs
    model: Any
    expired: Callable[[datetime], ColumnElement[bool]]


RULES: tuple[Rule, ...] = (
    Rule(
        "one_time_codes",
        "SMS-коды входа и подтверждения: через сутки после истечения",
        OneTimeCode,
        lambda now: OneTimeCode.expires_at < now - CODES_KEEP,
    ),
    Rule(
        "login_challenges",
        "Незавершённые входы по коду: через сутки после истечения",
        LoginChallenge,
        lambda now: LoginChallenge.expires_at < now - CODES_KEEP,
    ),
    Rule(
        "confirmation_codes",
        "Коды подтверждения личности у оператора: через сутки после истечения",
        ConfirmationCode,
        lambda now: ConfirmationCode.expires_at < now - CODES_KEEP,
    ),
    Rule(
        "refresh_sessions",
        "Сеансы (и их ключи обновления): через 30 дней после окончания или отзыва",
        RefreshSession,
        lambda now: or_(
            RefreshSession.expires_at < now - ENDED_SESSIONS_KEEP,
            RefreshSession.revoked_at < now - ENDED_SESSIONS_KEEP,
        ),
    ),
    Rule(
        "throttle_events",
        "События ограничения частоты: через сутки",
        ThrottleEvent,
        lambda now: ThrottleEvent.created_at < now - THROTTLE_KEEP,
    ),
    Rule(
        "login_lockouts",
        "Счётчики неудачных входов по неизвестным логинам: когда забыты и не блокируют",
        LoginLockout,
        lambda now: and_(
            or_(
                LoginLockout.last_failed_login_at.is_(None),
                LoginLockout.last_failed_login_at < now - FAILURE_MEMORY,
            ),
            or_(LoginLockout.locked_until.is_(None), LoginLockout.locked_until < now),
        ),
    ),
    Rule(
        "idempotency_records",
        "Ответы для повторов (Idempotency-Key): по истечении (24 часа)",
        IdempotencyRecord,
        lambda now: IdempotencyRecord.expires_at <= now,
    ),
    Rule(
        "sent_messages",
        "Доставленные SMS и письма: через 30 дней после отправки",
        OutboundMessage,
        lambda now: and_(
            OutboundMessage.status == DeliveryStatus.sent,
            OutboundMessage.sent_at < now - SENT_MESSAGES_KEEP,
        ),
    ),
    Rule(
        "stream_events",
        "События живого потока (для продолжения по Last-Event-ID): через 7 дней",
        StreamEvent,
        lambda now: StreamEvent.created_at < now - STREAM_EVENTS_KEEP,
    ),
    Rule(
        "withdrawn_applications",
        "Отозванные заявления (с историей и вложениями-связями): через 365 дней после отзыва",
        Application,
        lambda now: and_(
            Application.status == ApplicationStatus.withdrawn,
            Application.updated_at < now - WITHDRAWN_APPLICATIONS_KEEP,
        ),
    ),
    Rule(
        "unsent_attachments",
        "Файлы, загруженные для сообщения, но так и не отправленные: через 24 часа",
        Attachment,
        lambda now: and_(
            Attachment.message_id.is_(None),
            Attachment.announcement_id.is_(None),
            Attachment.created_at < now - UNSENT_ATTACHMENTS_KEEP,
        ),
    ),
    Rule(
        "report_exports",
        "Файлы отчётов (выгрузки PDF, XLSX, CSV): через 7 дней после формирования",
        ReportExport,
        lambda now: ReportExport.expires_at <= now,
    ),
)
