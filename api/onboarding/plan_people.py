"""Planning people (students, teachers, guardians) and memberships (enrollments, teaching
assignments, class teachers, guardianships). Matching: external id, then SNILS, then full
name + birth date (then, for accounts, the phone that is their login)."""

from __future__ import annotations

import uuid

from api.identity.accounts import snils_hash
from api.onboarding.plan import Planner, unknown
from api.onboarding.records import EnrollmentRow, PersonRow
from api.onboarding.state import name_key

_PARENT = "parent"
_TEACHER = "teacher"
_TEACHING = ("teacher", "class_teacher")


class PeoplePlanner(Planner):
    def people(self) -> None:
        self.student_refs: dict[str, uuid.UUID] = {}
        self.teacher_refs: dict[str, uuid.UUID] = {}
        self.guardian_refs: dict[str, uuid.UUID] = {}
        self.new_phones: set[str] = set()
        self.student_homeroom = self._homerooms()
        rows = self.roster.people
        for row in rows:
            if row.kind == "teacher":
                self._counted_account(row, "teachers", "teacher", self.teacher_refs)
        guardian_exts = {r.ext_id for r in rows if r.kind == "guardian"}
        self.agents_of: dict[str, list[str]] = {}
        for row in rows:
            if row.kind == "student":
                for agent in row.relatives:
                    self.agents_of.setdefault(agent, []).append(row.ext_id)
        for row in rows:
            if row.kind == "student":
                self._student(row, guardian_exts)
        for row in rows:
            if row.kind == "guardian":
                self._guardian(row)

    # --- students ------------------------------------------------------------------------

    def _homerooms(self) -> dict[str, tuple[uuid.UUID, EnrollmentRow]]:
        found: dict[str, tuple[uuid.UUID, EnrollmentRow]] = {}
        for row in self.roster.enrollments:
            if row.role != "student" or row.deleted or row.class_ext in self.section_refs:
                continue
            class_id = self.resolve_class(row.class_ext)
            if class_id is not None and row.user_ext not in found:
                found[row.user_ext] = (class_id, row)
        return found

    def _match_student(self, row: PersonRow) -> uuid.UUID | None:
        state = self.state
        linked = self.linked("student", row.ext_id)
        if linked in state.students:
            return linked
        if row.snils and (found := state.student_by_snils.get(snils_hash(row.snils))):
            return found
        if row.birth_date is not None:
            key = name_key(row.last_name, row.first_name, row.middle_name, row.birth_date)
            return state.student_by_name.get(key)
        return None

    def _student(self, row: PersonRow, guardian_exts: set[str]) -> None:
        missing = [
            a
            for a in row.relatives
            if a not in guardian_exts and self.linked("guardian", a) is None
        ]
        if missing:
            unknown(self.plan, "students", row.src, "agentSourcedIds", missing[0])
            return
        student_id = self._match_student(row)
        homeroom = self.student_homeroom.get(row.ext_id)
        if student_id is None:
            if row.deleted:
                self.plan.count("students", "unchanged")
                return
            if homeroom is None or row.birth_date is None:
                self.plan.reject(
                    "students",
                    row.src,
                    "class",
                    "class_missing",
                    "Ученик не зачислен ни в один класс: укажите его класс",
                    "The pupil is in no class: give the class",
                )
                return
            student_id = uuid.uuid4()
            self.plan.students.append(
                {
                    "id": student_id,
                    "school_id": self.state.school_id,
                    "class_id": homeroom[0],
                    "last_name": row.last_name,
                    "first_name": row.first_name,
                    "middle_name": row.middle_name,
                    "birth_date": row.birth_date,
                    "snils_hash": snils_hash(row.snils) if row.snils else None,
                    "student_number": row.student_number,
                }
            )
            self.student_refs[row.ext_id] = student_id
            self.link("student", row.ext_id, student_id, archived=False)
            self.plan.count("students", "created")
            return
        if student_id in self.student_refs.values():
            self.plan.reject(
                "students",
                row.src,
                "sourcedId",
                "duplicate_person",
                "Этот ученик уже описан выше в файле (тот же СНИЛС или ФИО и дата рождения)",
                "This pupil is already described above (same SNILS or name and birth date)",
            )
            return
        current = self.state.students[student_id]
        wanted = {
            "last_name": row.last_name,
            "first_name": row.first_name,
            "middle_name": row.middle_name,
            "birth_date": row.birth_date or current.birth_date,
            "snils_hash": snils_hash(row.snils) if row.snils else current.snils_hash,
            "student_number": row.student_number or current.student_number,
            "class_id": homeroom[0] if homeroom else current.class_id,
        }
        changes = {k: v for k, v in wanted.items() if getattr(current, k) != v}
        if changes and not row.deleted:
            self.plan.student_updates.append({"id": student_id, **changes})
        # A deletion mark archives the pupil (off the class lists, never destroyed); the
        # pupil in a later file without it is back.
        archived = current.archived_at is not None
        if row.deleted and not archived:
            self.plan.archived_students.append(student_id)
        elif archived and not row.deleted:
            self.plan.restored_students.append(student_id)
        self.student_refs[row.ext_id] = student_id
        relinked = self.link("student", row.ext_id, student_id, archived=row.deleted)
        changed = bool(changes and not row.deleted) or row.deleted != archived
        self.outcome("students", new=False, changed=changed or relinked)

    # --- accounts (teachers, guardians) ----------------------------------------------------

    def _match_account(self, row: PersonRow, entity: str) -> uuid.UUID | None:
        state = self.state
        linked = self.linked(entity, row.ext_id)
        if linked in state.accounts:
            return linked
        if row.snils and (found := state.account_by_snils.get(snils_hash(row.snils))):
            return found
        if row.birth_date is not None:
            key = name_key(row.last_name, row.first_name, row.middle_name, row.birth_date)
            if found := state.account_by_name.get(key):
                return found
        return state.account_by_phone.get(row.phone) if row.phone else None

    def _account(
        self, row: PersonRow, entity: str, link_entity: str, refs: dict[str, uuid.UUID]
    ) -> uuid.UUID | None:
        """The account of a teacher or guardian row, planned; None if rejected."""
        role = _TEACHER if link_entity == "teacher" else _PARENT
        account_id = self._match_account(row, link_entity)
        if account_id is None:
            if row.deleted:
                self.plan.count(entity, "unchanged")
                return None
            if not row.phone:
                self.plan.reject(
                    entity,
                    row.src,
                    "phone",
                    "phone_required",
                    "Укажите мобильный телефон: он станет логином, "
                    "пароль человек задаст сам по коду из SMS",
                    "Give a mobile phone: it becomes the login; "
                    "the person sets a password by an SMS code",
                )
                return None
            if row.phone in self.new_phones:
                self.plan.reject(
                    entity,
                    row.src,
                    "phone",
                    "phone_duplicate",
                    "Этот телефон уже указан выше у другого человека",
                    "This phone is already given above for another person",
                )
                return None
            self.new_phones.add(row.phone)
            account_id = uuid.uuid4()
            self.plan.accounts.append(
                {
                    "id": account_id,
                    "last_name": row.last_name,
                    "first_name": row.first_name,
                    "middle_name": row.middle_name,
                    "phone": row.phone,
                    "email": row.email,
                    "password_hash": "!",
                    "status": "active",
                    "roles": [role],
                    "school_id": self.state.school_id if role == _TEACHER else None,
                }
            )
            refs[row.ext_id] = account_id
            self.link(link_entity, row.ext_id, account_id, archived=False)
            return account_id
        account = self.state.accounts[account_id]
        if role == _TEACHER and account.school_id not in (None, self.state.school_id):
            self.plan.reject(
                entity,
                row.src,
                "phone",
                "account_other_school",
                "Учётная запись с этим телефоном принадлежит сотруднику другой школы",
                "The account with this phone belongs to another school's staff",
            )
            return None
        if account_id in refs.values():
            self.plan.reject(
                entity,
                row.src,
                "sourcedId",
                "duplicate_person",
                "Этот человек уже описан выше в файле",
                "This person is already described above",
            )
            return None
        changes: dict[str, object] = {}
        if not row.deleted:
            has_role = role in account.roles or (
                role == _TEACHER and any(r in account.roles for r in _TEACHING)
            )
            if not has_role:
                changes["roles"] = [*account.roles, role]
            if role == _TEACHER and account.school_id is None:
                changes["school_id"] = self.state.school_id
        if changes:
            self.plan.account_updates.append({"id": account_id, **changes})
        refs[row.ext_id] = account_id
        self.changed_account = bool(changes)
        self.changed_account |= self.link(link_entity, row.ext_id, account_id, archived=row.deleted)
        return account_id

    def _counted_account(
        self, row: PersonRow, entity: str, link_entity: str, refs: dict[str, uuid.UUID]
    ) -> uuid.UUID | None:
        before = len(self.plan.accounts)
        self.changed_account = False
        account_id = self._account(row, entity, link_entity, refs)
        if account_id is not None:
            self.outcome(entity, new=len(self.plan.accounts) > before, changed=self.changed_account)
        return account_id

    def _guardian(self, row: PersonRow) -> None:
        children = []
        for ref in row.relatives:
            student_id = self.student_refs.get(ref) or self.linked("student", ref)
            if student_id is None:
                unknown(self.plan, "guardians", row.src, "agentSourcedIds", ref)
                return
            children.append(student_id)
        children += [
            self.student_refs[ext]
            for ext in self.agents_of.get(row.ext_id, ())
            if ext in self.student_refs
        ]
        before = len(self.plan.accounts)
        self.changed_account = False
        account_id = self._account(row, "guardians", "guardian", self.guardian_refs)
        if account_id is None:
            return
        new_links = 0
        if not row.deleted:
            for student_id in dict.fromkeys(children):
                if (account_id, student_id) not in self.state.guardianships:
                    self.plan.guardianships.append(
                        {"id": uuid.uuid4(), "account_id": account_id, "student_id": student_id}
                    )
                    new_links += 1
        self.outcome(
            "guardians",
            new=len(self.plan.accounts) > before,
            changed=self.changed_account or new_links > 0,
        )
