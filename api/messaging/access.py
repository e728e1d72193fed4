"""Who may write to whom, and who may read what — the one place messaging decides it.

The table (``../shared/COMMUNICATION.md`` §1, ``docs/communication.md``):

* a guardian or a student writes to the staff of the child's school who work with the
  child: the teachers of the child's class, its class teacher, the school's admins;
* staff (teacher, class teacher, school admin) write to the guardians and students of
  their classes (an admin: of every class of the school) and to any colleague of the
  same school;
* never family ↔ family, student ↔ student, anyone ↔ another school.

``reachable`` lists everyone the caller may write to (the contacts); ``refuse_unreachable``
checks recipients against the same list, so the picker and the check never disagree.
Replies need no check: whoever is a participant may answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import ClassTeacher, Guardianship, Student, Subject, on_roster
from api.diary.structure.models import TeachingAssignment as Teaching
from api.errors import FieldError, Forbidden, NotFound
from api.i18n import Text
from api.identity.deps import Principal
from api.identity.models import Account, AccountStatus, Role
from api.messaging.models import (
    Announcement,
    AnnouncementRecipient,
    Attachment,
    Conversation,
    ConversationMessage,
    ConversationParticipant,
)
from api.schools.models import SchoolClass

SCHOOL_STAFF = (Role.teacher, Role.class_teacher, Role.school_admin)
_STAFF_VALUES = [r.value for r in SCHOOL_STAFF]


@dataclass(slots=True)
class Reachable:
    """One contact: an account the caller may write to, about ``student_id`` (if any)."""

    account_id: uuid.UUID
    school_id: uuid.UUID
    student_id: uuid.UUID | None
    subjects: set[str] = field(default_factory=set)


def is_school_staff(principal: Principal) -> bool:
    return principal.school_id is not None and principal.has_any(*SCHOOL_STAFF)


def _active() -> ColumnElement[bool]:
    return Account.status == AccountStatus.active


def own_students(principal: Principal) -> Select[uuid.UUID, uuid.UUID, uuid.UUID]:
    """The caller's children (guardianship) and the caller's own pupil row."""
    return select(Student.id, Student.class_id, Student.school_id).where(
        or_(
            Student.id.in_(
                select(Guardianship.student_id).where(
                    Guardianship.account_id == principal.account_id
                )
            ),
            Student.account_id == principal.account_id,
        )
    )


def taught_class_ids(principal: Principal) -> Select[uuid.UUID] | CompoundSelect[uuid.UUID]:
    """The classes a staff member works with: an admin every class of the school; a
    teacher the classes they teach or lead."""
    if principal.has_any(Role.school_admin):
        return select(SchoolClass.id).where(SchoolClass.school_id == principal.school_id)
    return (
        select(Teaching.class_id)
        .where(Teaching.teacher_id == principal.account_id)
        .union(select(ClassTeacher.class_id).where(ClassTeacher.teacher_id == principal.account_id))
    )


def student_not_found() -> NotFound:
    return NotFound(code="student_not_found", detail=Text("Ученик не найден", "No such student"))


async def _family_side(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID | None
) -> list[Reachable]:
    """Staff who work with the caller's children."""
    query = own_students(principal)
    if student_id is not None:
        query = query.where(Student.id == student_id)
    children = [tuple(row) for row in (await session.execute(query)).all()]
    if student_id is not None and not children:
        raise student_not_found()
    found: dict[tuple[uuid.UUID, uuid.UUID], Reachable] = {}

    def add(account_id: uuid.UUID, child: uuid.UUID, school: uuid.UUID) -> Reachable:
        key = (account_id, child)
        if key not in found:
            found[key] = Reachable(account_id, school, child)
        return found[key]

    for child, class_id, school in children:
        teachers = await session.execute(
            select(Teaching.teacher_id, Subject.name)
            .join(Subject, Subject.id == Teaching.subject_id)
            .join(Account, Account.id == Teaching.teacher_id)
            .where(Teaching.class_id == class_id, Account.school_id == school, _active())
        )
        for teacher_id, subject in teachers:
            add(teacher_id, child, school).subjects.add(subject)
        leaders = await session.scalars(
            select(ClassTeacher.teacher_id)
            .join(Account, Account.id == ClassTeacher.teacher_id)
            .where(ClassTeacher.class_id == class_id, Account.school_id == school, _active())
        )
        for teacher_id in leaders:
            add(teacher_id, child, school)
        admins = await session.scalars(
            select(Account.id).where(
                Account.school_id == school,
                Account.roles.contains([Role.school_admin.value]),
                _active(),
            )
        )
        for admin_id in admins:
            add(admin_id, child, school)
    return list(found.values())


async def _staff_side(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID | None
) -> list[Reachable]:
    """Colleagues of the same school; guardians and students of the caller's classes."""
    school = principal.school_id
    assert school is not None
    found: list[Reachable] = []
    colleagues = await session.scalars(
        select(Account.id).where(
            Account.school_id == school,
            Account.roles.overlap(_STAFF_VALUES),
            Account.id != principal.account_id,
            _active(),
        )
    )
    found += [Reachable(a, school, None) for a in colleagues]
    pupils = select(Student.id).where(
        Student.school_id == school,
        Student.class_id.in_(taught_class_ids(principal)),
        on_roster(),
    )
    if student_id is not None:
        if await session.scalar(pupils.where(Student.id == student_id)) is None:
            raise student_not_found()
        pupils = pupils.where(Student.id == student_id)
    families = await session.execute(
        select(Guardianship.account_id, Guardianship.student_id)
        .join(Account, Account.id == Guardianship.account_id)
        .where(Guardianship.student_id.in_(pupils), _active())
        .union(
            select(Student.account_id, Student.id)
            .join(Account, Account.id == Student.account_id)
            .where(Student.id.in_(pupils), _active())
        )
    )
    found += [
        Reachable(account, school, child)
        for account, child in families
        if account != principal.account_id
    ]
    return found


async def reachable(
    session: AsyncSession, principal: Principal, student_id: uuid.UUID | None = None
) -> list[Reachable]:
    """Everyone the caller may write to (about ``student_id`` when given: 404 if that
    child is not the caller's, nor in the caller's classes)."""
    if principal.is_client:
        return []
    if not is_school_staff(principal):
        return await _family_side(session, principal, student_id)
    if student_id is None:  # a teacher may be a parent too
        staff = await _staff_side(session, principal, None)
        return staff + await _family_side(session, principal, None)
    try:
        return await _staff_side(session, principal, student_id)
    except NotFound:  # a teacher asking about their own child
        return await _family_side(session, principal, student_id)


class MessagingNotAllowed(Forbidden):
    pass


def not_allowed(index: int, recipient: uuid.UUID) -> MessagingNotAllowed:
    text = Text(
        f"Этому получателю писать нельзя: {recipient}. Пишите учителям, классному "
        "руководителю и администрации школы вашего ребёнка",
        f"You may not write to this recipient: {recipient}",
    )
    return MessagingNotAllowed(
        code="messaging_not_allowed",
        detail=text,
        errors=[FieldError(f"recipient_ids.{index}", "messaging_not_allowed", text)],
    )


async def refuse_unreachable(
    session: AsyncSession,
    principal: Principal,
    recipient_ids: Sequence[uuid.UUID],
    student_id: uuid.UUID | None,
) -> list[Reachable]:
    """The recipients' contact entries, or 403 ``messaging_not_allowed`` naming the first
    recipient the caller may not write to. All recipients share one school."""
    contacts = await reachable(session, principal, student_id)
    by_account: dict[uuid.UUID, Reachable] = {}
    for contact in contacts:
        by_account.setdefault(contact.account_id, contact)
    chosen: list[Reachable] = []
    for index, recipient in enumerate(recipient_ids):
        found = by_account.get(recipient)
        if found is None or (chosen and found.school_id != chosen[0].school_id):
            raise not_allowed(index, recipient)
        chosen.append(found)
    return chosen


def takes_part(account_id: Any) -> ColumnElement[bool]:
    """The one rule for reading a conversation: ``account_id`` (a value, or the caller's
    column inside a single statement, ``api/messaging/statements.py``) is a participant."""
    return exists().where(
        ConversationParticipant.conversation_id == Conversation.id,
        ConversationParticipant.account_id == account_id,
    )


def readable_conversations(principal: Principal) -> Select[Conversation]:
    """Conversations the caller takes part in."""
    return select(Conversation).where(takes_part(principal.account_id))


def reported_conversations(principal: Principal) -> Select[Conversation]:
    """For a school admin: the school's conversations a participant reported."""
    if principal.school_id is None or not principal.has_any(Role.school_admin):
        return select(Conversation).where(Conversation.id.is_(None))
    return select(Conversation).where(
        Conversation.school_id == principal.school_id, Conversation.reported_at.is_not(None)
    )


def admin_school(principal: Principal) -> uuid.UUID | None:
    """The school a caller administers (None for everyone else)."""
    if principal.school_id is not None and principal.has_any(Role.school_admin):
        return principal.school_id
    return None


def received_by(account_id: Any) -> ColumnElement[bool]:
    """The announcement was sent to ``account_id``. An ``IN``, not a correlated
    ``EXISTS``: ``announcements.page`` counts with ``with_only_columns(count())``, which
    would drop ``announcements`` from the FROM list of a query that names it only inside
    a subquery (and count every recipient row of the caller's, not the announcements)."""
    return Announcement.id.in_(
        select(AnnouncementRecipient.announcement_id).where(
            AnnouncementRecipient.account_id == account_id
        )
    )


def reads_announcement(account_id: Any, admin_school_id: Any) -> ColumnElement[bool]:
    """The one rule for reading an announcement: sent to ``account_id``, written by them,
    or of the school they administer (``admin_school_id``). Values on the ORM path; the
    caller's columns inside a single statement (``announcement_statements.py``), where a
    NULL school (not an admin) matches nothing."""
    conditions = [received_by(account_id), Announcement.author_id == account_id]
    if admin_school_id is not None:
        conditions.append(Announcement.school_id == admin_school_id)
    return or_(*conditions)


def readable_announcements(principal: Principal) -> Select[Announcement]:
    """Announcements sent to the caller, written by the caller, or — for a school admin —
    of the admin's school."""
    rule = reads_announcement(principal.account_id, admin_school(principal))
    return select(Announcement).where(rule)


def class_of(class_id: Any, school_id: Any) -> ColumnElement[bool]:
    """``SchoolClass`` is the class ``class_id`` of the school ``school_id``."""
    return and_(SchoolClass.id == class_id, SchoolClass.school_id == school_id)


def leads_class(class_id: Any, account_id: Any) -> ColumnElement[bool]:
    """``account_id`` is the class teacher of ``class_id``."""
    return exists().where(ClassTeacher.class_id == class_id, ClassTeacher.teacher_id == account_id)


def class_not_found() -> NotFound:
    return NotFound(code="class_not_found", detail=Text("Класс не найден", "No such class"))


def announcement_not_allowed() -> Forbidden:
    return Forbidden(
        code="announcement_not_allowed",
        detail=Text(
            "Объявления классу пишут его классный руководитель и администрация школы",
            "Only the class teacher and the school administration post to a class",
        ),
    )


async def announceable_class(
    session: AsyncSession, principal: Principal, class_id: uuid.UUID
) -> SchoolClass:
    """The class a caller may post an announcement to: its class teacher's or any class
    of the admin's school. Another school's class → 404; a colleague's → 403. (The class
    list's statement asks the same: ``announcement_statements.class_statement``.)"""
    school_class = await session.scalar(
        select(SchoolClass).where(class_of(class_id, principal.school_id))
    )
    if school_class is None or not is_school_staff(principal):
        raise class_not_found()
    if principal.has_any(Role.school_admin):
        return school_class
    if not await session.scalar(select(leads_class(class_id, principal.account_id))):
        raise announcement_not_allowed()
    return school_class


def readable_attachments(principal: Principal) -> Select[Attachment]:
    """Files the caller may download: their own uploads, those of conversations they take
    part in, those of announcements they may read."""
    in_my_conversation = exists().where(
        ConversationMessage.id == Attachment.message_id,
        ConversationParticipant.conversation_id == ConversationMessage.conversation_id,
        ConversationParticipant.account_id == principal.account_id,
    )
    in_my_announcement = Attachment.announcement_id.in_(
        readable_announcements(principal).with_only_columns(Announcement.id)
    )
    return select(Attachment).where(
        or_(Attachment.uploader_id == principal.account_id, in_my_conversation, in_my_announcement)
    )
