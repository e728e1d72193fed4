"""What a roster file says, whatever its format: the OneRoster zip and the XLSX template
are both read into a ``Roster`` of checked rows, and only then compared with the school."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from api.i18n import Text

# OneRoster's CSV binding carries extensions as ``metadata.*`` columns: a teacher's
# enrollment in a scheduled class says the load's hours a week here (export and import).
HOURS_COLUMN = "metadata.hoursPerWeek"

# The entities of an import's summary (ONBOARDING §2), in the order they are planned.
ENTITIES = (
    "academic_sessions",
    "classes",
    "teachers",
    "students",
    "guardians",
    "enrollments",
    "teaching_assignments",
)


@dataclass(frozen=True, slots=True)
class Source:
    file: str  # "users.csv" or the sheet «Ученики»
    row: int  # 1-based, the header is row 1


@dataclass(frozen=True, slots=True)
class RowProblem:
    file: str
    row: int
    field: str
    code: str
    message: Text


@dataclass(slots=True)
class SessionRow:
    src: Source
    ext_id: str
    kind: str  # schoolYear | term | semester | gradingPeriod
    title: str
    starts_on: date
    ends_on: date
    school_year: int  # the year the academic year ends in (OneRoster's ``schoolYear``)
    parent_ext: str | None
    deleted: bool = False


@dataclass(slots=True)
class ClassRow:
    """A homeroom class: 9-Б."""

    src: Source
    ext_id: str
    grade: int
    letter: str
    year: int | None  # 2026 for 2026/2027; None: the school's current year
    profile: str | None = None
    deleted: bool = False


@dataclass(slots=True)
class SectionRow:
    """A subject taught in a homeroom class (OneRoster's scheduled class)."""

    src: Source
    ext_id: str
    class_ext: str
    subject: str
    deleted: bool = False


@dataclass(slots=True)
class PersonRow:
    src: Source
    kind: str  # student | teacher | guardian
    ext_id: str
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date | None = None
    snils: str | None = None  # normalised "112-233-445 95"
    phone: str | None = None  # E.164
    email: str | None = None
    student_number: str | None = None
    relatives: list[str] = field(default_factory=list)  # agentSourcedIds
    deleted: bool = False


@dataclass(slots=True)
class EnrollmentRow:
    src: Source
    ext_id: str
    class_ext: str  # a homeroom or a section
    user_ext: str
    role: str  # student | teacher
    primary: bool = False
    deleted: bool = False
    # A teacher in a section: the load's hours a week (None: the file does not say).
    hours: Decimal | None = None


@dataclass
class Roster:
    format: str
    sessions: list[SessionRow] = field(default_factory=list)
    classes: list[ClassRow] = field(default_factory=list)
    sections: list[SectionRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    enrollments: list[EnrollmentRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Rows a reader already rejected, per entity (they are in ``problems``).
    rejected: dict[str, int] = field(default_factory=dict)

    def reject(self, entity: str, problems: list[RowProblem]) -> None:
        self.problems.extend(problems)
        self.rejected[entity] = self.rejected.get(entity, 0) + 1
