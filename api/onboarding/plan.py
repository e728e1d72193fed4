"""Comparing a ``Roster`` with what the school has: per row created, updated, unchanged or
rejected, and the writes that applying it takes. Planning writes nothing, so a preview and
an apply of one file give the same answer; the writes are in ``apply.py``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.i18n import Text
from api.onboarding.fields import parse_class_name
from api.onboarding.records import (
    ENTITIES,
    ClassRow,
    Roster,
    RowProblem,
    SectionRow,
    SessionRow,
    Source,
)
from api.onboarding.state import SchoolState

TERM_KINDS = {4: "quarter", 3: "trimester", 2: "half"}


@dataclass
class Plan:
    summary: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            e: {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0} for e in ENTITIES
        }
    )
    problems: list[RowProblem] = field(default_factory=list)
    years: list[dict[str, Any]] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)
    classes: list[dict[str, Any]] = field(default_factory=list)
    class_updates: list[dict[str, Any]] = field(default_factory=list)
    subjects: list[dict[str, Any]] = field(default_factory=list)
    students: list[dict[str, Any]] = field(default_factory=list)
    student_updates: list[dict[str, Any]] = field(default_factory=list)
    # Pupils a file marks ``tobedeleted`` (they left) and pupils who are back.
    archived_students: list[uuid.UUID] = field(default_factory=list)
    restored_students: list[uuid.UUID] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    account_updates: list[dict[str, Any]] = field(default_factory=list)
    guardianships: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    assignment_updates: list[dict[str, Any]] = field(default_factory=list)  # hours a week
    dropped_assignments: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = field(default_factory=list)
    class_teachers: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    links: dict[tuple[str, str], tuple[uuid.UUID, bool]] = field(default_factory=dict)

    def count(self, entity: str, outcome: str) -> None:
        self.summary[entity][outcome] += 1

    def reject(self, entity: str, src: Source, fld: str, code: str, ru: str, en: str) -> None:
        self.problems.append(RowProblem(src.file, src.row, fld, code, Text(ru, en)))
        self.count(entity, "rejected")


def unknown(plan: Plan, entity: str, src: Source, fld: str, ref: str) -> None:
    plan.reject(
        entity,
        src,
        fld,
        "unknown_reference",
        f"Ссылка «{ref}» не найдена ни в файле, ни в школе (или её строка отклонена)",
        f"The reference «{ref}» is neither in the file nor in the school (or its row was rejected)",
    )


class Planner:
    def __init__(self, state: SchoolState, roster: Roster, today: date) -> None:
        self.state = state
        self.roster = roster
        self.today = today
        self.plan = Plan()
        for entity, rejected in roster.rejected.items():
            self.plan.summary[entity]["rejected"] += rejected
        self.plan.problems.extend(roster.problems)
        file_years = {s.school_year - 1 for s in roster.sessions if s.kind == "schoolYear"}
        self.default_year = min(file_years) if len(file_years) == 1 else state.current_year(today)
        self.session_refs: dict[str, uuid.UUID] = {}
        self.class_refs: dict[str, uuid.UUID] = {}  # ext id → class id
        self.planned_keys: dict[tuple[int, int, str], uuid.UUID] = {}
        self.section_refs: dict[str, tuple[uuid.UUID, uuid.UUID]] = {}
        self.planned_subjects: dict[str, uuid.UUID] = {}
        self._planned_assignments: set[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = set()

    # --- links -------------------------------------------------------------------------

    def linked(self, entity: str, ext: str) -> uuid.UUID | None:
        found = self.state.links.get((entity, ext))
        return found[0] if found else None

    def link(self, entity: str, ext: str, object_id: uuid.UUID, *, archived: bool) -> bool:
        """Keep the external id; True when that changes the stored link."""
        if self.state.links.get((entity, ext)) == (object_id, archived):
            return False
        self.plan.links[(entity, ext)] = (object_id, archived)
        return True

    def outcome(self, entity: str, *, new: bool, changed: bool) -> None:
        self.plan.count(entity, "created" if new else "updated" if changed else "unchanged")

    # --- academic sessions ----------------------------------------------------------------

    def sessions(self) -> None:
        years = [s for s in self.roster.sessions if s.kind == "schoolYear"]
        for row in years:
            self._year(row)
        children: dict[str, list[SessionRow]] = {}
        for row in self.roster.sessions:
            if row.kind in ("term", "semester"):
                children.setdefault(row.parent_ext or "", []).append(row)
        for parent, rows in children.items():
            rows.sort(key=lambda r: r.starts_on)
            for number, row in enumerate(rows, start=1):
                self._term(row, parent, number, len(rows))
        for row in self.roster.sessions:
            if row.kind == "gradingPeriod":
                term_id = self.session_refs.get(row.parent_ext or "")
                if term_id is None:
                    unknown(
                        self.plan,
                        "academic_sessions",
                        row.src,
                        "parentSourcedId",
                        row.parent_ext or "",
                    )
                    continue
                changed = self.link("academic_session", row.ext_id, term_id, archived=row.deleted)
                self.outcome(
                    "academic_sessions",
                    new=self.linked("academic_session", row.ext_id) is None,
                    changed=changed,
                )

    def _year(self, row: SessionRow) -> None:
        year = row.school_year - 1
        existing = self.state.years.get(year)
        if existing is None:
            if row.deleted:
                self.plan.count("academic_sessions", "unchanged")
                return
            terms = sum(1 for s in self.roster.sessions if s.parent_ext == row.ext_id)
            year_id = uuid.uuid4()
            self.plan.years.append(
                {
                    "id": year_id,
                    "school_id": self.state.school_id,
                    "year": year,
                    "starts_on": row.starts_on,
                    "ends_on": row.ends_on,
                    "term_kind": TERM_KINDS.get(terms, "quarter"),
                }
            )
            self.session_refs[row.ext_id] = year_id
            self.link("academic_session", row.ext_id, year_id, archived=False)
            self.plan.count("academic_sessions", "created")
            return
        self.session_refs[row.ext_id] = existing.id
        changed = self.link("academic_session", row.ext_id, existing.id, archived=row.deleted)
        self.outcome("academic_sessions", new=False, changed=changed)

    def _term(self, row: SessionRow, parent: str, number: int, count: int) -> None:
        year_id = self.session_refs.get(parent)
        if year_id is None:
            unknown(self.plan, "academic_sessions", row.src, "parentSourcedId", parent)
            return
        if number > 4:
            self.plan.reject(
                "academic_sessions",
                row.src,
                "parentSourcedId",
                "too_many_terms",
                "В учебном году не больше четырёх четвертей",
                "A year has at most four terms",
            )
            return
        existing = next(
            (
                t
                for t in self.state.terms.values()
                if t.academic_year_id == year_id and t.number == number
            ),
            None,
        )
        if existing is None:
            term_id = uuid.uuid4()
            self.plan.terms.append(
                {
                    "id": term_id,
                    "school_id": self.state.school_id,
                    "academic_year_id": year_id,
                    "kind": TERM_KINDS.get(count, "quarter"),
                    "number": number,
                    "starts_on": row.starts_on,
                    "ends_on": row.ends_on,
                }
            )
            self.session_refs[row.ext_id] = term_id
            self.link("academic_session", row.ext_id, term_id, archived=False)
            self.plan.count("academic_sessions", "created")
            return
        self.session_refs[row.ext_id] = existing.id
        changed = self.link("academic_session", row.ext_id, existing.id, archived=row.deleted)
        self.outcome("academic_sessions", new=False, changed=changed)

    # --- classes and sections -------------------------------------------------------------

    def classes(self) -> None:
        for row in self.roster.classes:
            self._class(row)
        for section in self.roster.sections:
            self._section(section)

    def _class(self, row: ClassRow) -> None:
        year = row.year if row.year is not None else self.default_year
        key = (year, row.grade, row.letter)
        linked = self.linked("class", row.ext_id)
        class_id = linked if linked in self.state.classes else None
        class_id = class_id or self.state.class_by_key.get(key) or self.planned_keys.get(key)
        if class_id is None:
            if row.deleted:
                self.plan.count("classes", "unchanged")
                return
            class_id = uuid.uuid4()
            self.plan.classes.append(
                {
                    "id": class_id,
                    "school_id": self.state.school_id,
                    "academic_year": year,
                    "grade": row.grade,
                    "letter": row.letter,
                    "profile": row.profile,
                }
            )
            self.planned_keys[key] = class_id
            self.class_refs[row.ext_id] = class_id
            self.link("class", row.ext_id, class_id, archived=False)
            self.plan.count("classes", "created")
            return
        if class_id in self.class_refs.values() and self.class_refs.get(row.ext_id) != class_id:
            self.plan.reject(
                "classes",
                row.src,
                "title",
                "duplicate_class",
                f"Класс {row.grade}-{row.letter} уже описан выше в файле",
                f"The class {row.grade}-{row.letter} is already described above",
            )
            return
        changed = False
        existing = self.state.classes.get(class_id)
        if (
            existing is not None
            and (existing.academic_year, existing.grade, existing.letter) != key
        ):
            if key in self.state.class_by_key:
                self.plan.reject(
                    "classes",
                    row.src,
                    "title",
                    "duplicate_class",
                    f"В школе уже есть класс {row.grade}-{row.letter}",
                    f"The school already has the class {row.grade}-{row.letter}",
                )
                return
            self.plan.class_updates.append(
                {"id": class_id, "academic_year": year, "grade": row.grade, "letter": row.letter}
            )
            changed = True
        self.class_refs[row.ext_id] = class_id
        changed = self.link("class", row.ext_id, class_id, archived=row.deleted) or changed
        self.outcome("classes", new=False, changed=changed)

    def resolve_class(self, ref: str) -> uuid.UUID | None:
        if ref in self.class_refs:
            return self.class_refs[ref]
        linked = self.linked("class", ref)
        if linked in self.state.classes:
            return linked
        name = parse_class_name(ref)
        if name is None:
            return None
        key = (self.default_year, *name)
        return self.planned_keys.get(key) or self.state.class_by_key.get(key)

    def subject(self, name: str) -> uuid.UUID:
        key = " ".join(name.split()).casefold()
        found = self.state.subjects.get(key) or self.planned_subjects.get(key)
        if found is None:
            found = uuid.uuid4()
            self.planned_subjects[key] = found
            self.plan.subjects.append(
                {"id": found, "school_id": self.state.school_id, "name": " ".join(name.split())}
            )
        return found

    def _section(self, row: SectionRow) -> None:
        class_id = self.resolve_class(row.class_ext)
        if class_id is None:
            unknown(self.plan, "teaching_assignments", row.src, "title", row.class_ext)
            return
        self.section_refs[row.ext_id] = (class_id, self.subject(row.subject))
