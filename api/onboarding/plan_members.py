"""Planning memberships: a pupil in a homeroom class, a teacher of a subject in a class
(a teaching assignment), the class teacher of a homeroom; and the whole plan."""

from __future__ import annotations

import uuid
from datetime import date

from api.onboarding.plan import Plan, unknown
from api.onboarding.plan_people import PeoplePlanner
from api.onboarding.records import EnrollmentRow, Roster
from api.onboarding.state import SchoolState


class RosterPlanner(PeoplePlanner):
    def enrollments(self) -> None:
        homeroom_taken: set[str] = set()
        for row in self.roster.enrollments:
            refs = self.student_refs if row.role == "student" else self.teacher_refs
            user_id = refs.get(row.user_ext)
            if user_id is None:
                unknown(self.plan, "enrollments", row.src, "userSourcedId", row.user_ext)
                continue
            section = self.section_refs.get(row.class_ext)
            class_id = section[0] if section else self.resolve_class(row.class_ext)
            if class_id is None:
                unknown(self.plan, "enrollments", row.src, "classSourcedId", row.class_ext)
                continue
            effect_changed = False
            if row.role == "student" and section is None:
                if not row.deleted and row.user_ext in homeroom_taken:
                    self.plan.reject(
                        "enrollments",
                        row.src,
                        "classSourcedId",
                        "several_homerooms",
                        "Ученик уже зачислен выше в другой класс",
                        "The pupil is already enrolled above in another class",
                    )
                    continue
                if not row.deleted:
                    homeroom_taken.add(row.user_ext)
            elif row.role == "teacher" and section is not None:
                effect_changed = self._assignment(row, user_id, section)
            elif (
                row.role == "teacher"
                and row.primary
                and not row.deleted
                and self.state.class_teachers.get(class_id) != user_id
            ):
                self.plan.class_teachers[class_id] = user_id
                effect_changed = True
            new = self.linked("enrollment", row.ext_id) is None
            relinked = self.link("enrollment", row.ext_id, user_id, archived=row.deleted)
            self.outcome(
                "enrollments", new=new and not row.deleted, changed=relinked or effect_changed
            )

    def _assignment(
        self, row: EnrollmentRow, teacher_id: uuid.UUID, section: tuple[uuid.UUID, uuid.UUID]
    ) -> bool:
        key = (teacher_id, section[0], section[1])
        exists = key in self.state.assignments
        if exists and not row.deleted and key not in self._planned_assignments:
            # The same load again: only its hours a week may have changed (a file that
            # does not say them leaves the stored ones alone).
            self._planned_assignments.add(key)
            assignment_id, hours = self.state.assignments[key]
            if row.hours is not None and row.hours != hours:
                self.plan.assignment_updates.append(
                    {"id": assignment_id, "hours_per_week": row.hours}
                )
                self.plan.count("teaching_assignments", "updated")
                return True
            self.plan.count("teaching_assignments", "unchanged")
            return False
        if row.deleted:
            if exists:
                self.plan.dropped_assignments.append(key)
                self.plan.count("teaching_assignments", "updated")
            else:
                self.plan.count("teaching_assignments", "unchanged")
            return exists
        if exists or key in self._planned_assignments:
            self.plan.count("teaching_assignments", "unchanged")
            return False
        self._planned_assignments.add(key)
        self.plan.assignments.append(
            {
                "school_id": self.state.school_id,
                "teacher_id": teacher_id,
                "class_id": section[0],
                "subject_id": section[1],
                "hours_per_week": row.hours,
            }
        )
        self.plan.count("teaching_assignments", "created")
        return True


def make_plan(state: SchoolState, roster: Roster, today: date) -> Plan:
    planner = RosterPlanner(state, roster, today)
    planner.sessions()
    planner.classes()
    planner.people()
    planner.enrollments()
    return planner.plan
