"""Who may write to whom, and who may read what — the one place messaging decides it.

The table (``../shared/COMMUNICATION.md`` §1, ``docs/communication.md``):

* a guardian or a student writes to the staff of the child's school who work with the
  child: the teachers of the child's class, its class teacher, the school's admins;
* staff (teacher, class teacher, school admin) write to the guardians and students of
  their classes (an admin: of every class of the school) and to any colleague of the
  same school;
* never family ↔ family, student ↔ student, anyone ↔ another school.

``reachable_select`` is the one statement of who the caller may write to: the contact list
(``contacts.statement``) shows its rows, ``refuse_unreachable`` checks recipients against
them, so the picker and the check never disagree.
Replies need no check: whoever is a participant may answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    Uuid,
    and_,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
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


def is_school_staff(principal: Principal) -> bool:
    return principal.school_id is not None and principal.has_any(*SCHOOL_STAFF)


def student_not_found() -> NotFound:
    return NotFound(code="student_not_found", detail=Text("Ученик не найден", "No such student"))


@dataclass(frozen=True, slots=True)
class Writer:
    """Who asks whom they may write to, as SQL expressions: bound values on the write path
    (``refuse_unreachable``), the ``caller`` CTE's columns in the contact list's statement
    (``contacts.statement``). ``student_id`` (NULL for none) narrows it to one child."""

    account_id: Any
    school_id: Any
    is_staff: Any
    is_admin: Any
    student_id: Any

    @classmethod
    def of(cls, principal: Principal, student_id: uuid.UUID | None) -> Writer:
        return cls(
            account_id=literal(principal.account_id, Uuid),
            school_id=literal(principal.school_id, Uuid),
            is_staff=literal(is_school_staff(principal), Boolean),
            is_admin=literal(principal.has_any(Role.school_admin), Boolean),
            student_id=literal(student_id, Uuid),
        )


STAFF_ARRAY: ColumnElement[Any] = literal_column("'{" + ",".join(_STAFF_VALUES) + "}'::varchar[]")
_NO_SUBJECTS: ColumnElement[Any] = literal_column("'{}'::varchar[]")


def _active(account: Any = Account) -> ColumnElement[bool]:
    return account.status == AccountStatus.active  # type: ignore[no-any-return]


def _about(writer: Writer, student: Any) -> ColumnElement[bool]:
    return or_(writer.student_id.is_(None), student == writer.student_id)


def _own_children(writer: Writer) -> Select[uuid.UUID, uuid.UUID, uuid.UUID]:
    """The writer's children (guardianship) and the writer's own pupil row."""
    return select(Student.id, Student.class_id, Student.school_id).where(
        or_(
            Student.id.in_(
                select(Guardianship.student_id).where(Guardianship.account_id == writer.account_id)
            ),
            Student.account_id == writer.account_id,
        ),
        _about(writer, Student.id),
    )


def _pupils(writer: Writer) -> Select[uuid.UUID]:
    """The current pupils of the classes a staff writer works with: an admin every class of
    the school, a teacher the classes they teach or lead."""
    taught = (
        select(Teaching.class_id)
        .where(Teaching.teacher_id == writer.account_id)
        .union(select(ClassTeacher.class_id).where(ClassTeacher.teacher_id == writer.account_id))
    )
    schools = select(SchoolClass.id).where(SchoolClass.school_id == writer.school_id)
    return select(Student.id).where(
        Student.school_id == writer.school_id,
        or_(
            and_(writer.is_admin, Student.class_id.in_(schools)),
            and_(~writer.is_admin, Student.class_id.in_(taught)),
        ),
        on_roster(),
        _about(writer, Student.id),
    )


def student_known(writer: Writer) -> ColumnElement[bool]:
    """No child named, or the named child is the writer's own or in the writer's classes
    (else 404 ``student_not_found``)."""
    in_classes = and_(writer.is_staff, _pupils(writer).exists())
    return or_(writer.student_id.is_(None), _own_children(writer).exists(), in_classes)


def reachable_select(writer: Writer) -> Select[Any]:
    """Everyone the writer may write to, one row per (``account_id``, ``student_id``) with
    the ``school_id`` the conversation would belong to and the ``subjects`` the account
    teaches the child (sorted as Python sorts: by code point, ``COLLATE "C"``). The one
    statement of the rule: the contact list shows it, ``refuse_unreachable`` checks
    recipients against it.

    Family side (anyone): for each of the writer's children, the active teachers of the
    child's class (with their subjects), its class teachers and the school's admins.
    Staff side (a school's staff): active colleagues of the school (no child), and the
    guardians and own accounts of the pupils of the writer's classes. Without a child
    named a teacher gets both sides (a teacher may be a parent too); with one, the staff
    side when the child is in the writer's classes, else the family side (their own child).
    """
    in_classes = _pupils(writer).exists()
    staff_side = and_(writer.is_staff, or_(writer.student_id.is_(None), in_classes))
    family_side = or_(~writer.is_staff, writer.student_id.is_(None), ~in_classes)

    child = _own_children(writer).where(family_side).cte("child")
    teachers = (
        select(Teaching.teacher_id, child.c.school_id, child.c.id, Subject.name)
        .select_from(child)
        .join(Teaching, Teaching.class_id == child.c.class_id)
        .join(Subject, Subject.id == Teaching.subject_id)
        .join(Account, Account.id == Teaching.teacher_id)
        .where(Account.school_id == child.c.school_id, _active())
    )
    leaders = (
        select(ClassTeacher.teacher_id, child.c.school_id, child.c.id, null())
        .select_from(child)
        .join(ClassTeacher, ClassTeacher.class_id == child.c.class_id)
        .join(Account, Account.id == ClassTeacher.teacher_id)
        .where(Account.school_id == child.c.school_id, _active())
    )
    admins = (
        select(Account.id, child.c.school_id, child.c.id, null())
        .select_from(child)
        .join(Account, Account.school_id == child.c.school_id)
        .where(Account.roles.contains([Role.school_admin.value]), _active())
    )
    colleagues = select(Account.id, writer.school_id, null(), null()).where(
        staff_side,
        Account.school_id == writer.school_id,
        Account.roles.overlap(STAFF_ARRAY),
        Account.id != writer.account_id,
        _active(),
    )
    pupils = _pupils(writer)
    families = (
        select(Guardianship.account_id.label("account_id"), Guardianship.student_id)
        .join(Account, Account.id == Guardianship.account_id)
        .where(Guardianship.student_id.in_(pupils), _active())
        .union(
            select(Student.account_id, Student.id)
            .join(Account, Account.id == Student.account_id)
            .where(Student.id.in_(pupils), _active())
        )
        .subquery("families")
    )
    of_pupils = select(
        families.c.account_id, writer.school_id, families.c.student_id, null()
    ).where(staff_side, families.c.account_id != writer.account_id)
    found = union_all(teachers, leaders, admins, colleagues, of_pupils).subquery("found")
    account_id, school_id, student_id, subject = found.c
    name = subject.collate("C")
    subjects = func.array_agg(aggregate_order_by(name.distinct(), name)).filter(
        subject.is_not(None)
    )
    return select(
        account_id.label("account_id"),
        school_id.label("school_id"),
        student_id.label("student_id"),
        func.coalesce(subjects, _NO_SUBJECTS).label("subjects"),
    ).group_by(account_id, school_id, student_id)


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


@dataclass(frozen=True, slots=True)
class Recipient:
    """A recipient the writer may write to: the school and the child (if any) of the
    contact entry they were found by."""

    account_id: uuid.UUID
    school_id: uuid.UUID
    student_id: uuid.UUID | None


async def refuse_unreachable(
    session: AsyncSession,
    principal: Principal,
    recipient_ids: Sequence[uuid.UUID],
    student_id: uuid.UUID | None,
) -> list[Recipient]:
    """The recipients' contact entries, or 403 ``messaging_not_allowed`` naming the first
    recipient the caller may not write to; 404 ``student_not_found`` for a child who is
    neither the caller's nor in the caller's classes. All recipients share one school."""
    by_account: dict[uuid.UUID, Recipient] = {}
    if not principal.is_client:
        writer = Writer.of(principal, student_id)
        if not await session.scalar(select(student_known(writer))):
            raise student_not_found()
        found = reachable_select(writer).subquery("reachable")
        rows = await session.execute(
            select(found.c.account_id, found.c.school_id, found.c.student_id)
            .where(found.c.account_id.in_(recipient_ids))
            # A contact listed about several children: the first child (a staff member's
            # colleague entry, no child, before the entries about children).
            .order_by(found.c.student_id.nulls_first())
        )
        for account_id, school_id, about in rows:
            by_account.setdefault(account_id, Recipient(account_id, school_id, about))
    chosen: list[Recipient] = []
    for index, recipient in enumerate(recipient_ids):
        entry = by_account.get(recipient)
        if entry is None or (chosen and entry.school_id != chosen[0].school_id):
            raise not_allowed(index, recipient)
        chosen.append(entry)
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
