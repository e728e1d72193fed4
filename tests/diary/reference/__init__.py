"""The ORM readings the routes' single statements must equal. Tests compare the two on the
same data; no endpoint runs this code."""

from tests.diary.reference.events import student_events
from tests.diary.reference.journal import journal
from tests.diary.reference.lessons import lesson_detail, lesson_summaries, my_lessons
from tests.diary.reference.reading import (
    grade_list,
    grade_out,
    grade_rows,
    my_students,
    student_header,
    student_term_grades,
    summary,
    week_diary,
)
from tests.diary.reference.records import (
    grade_history,
    lesson_attendance,
    student_attendance,
    student_homework,
)

__all__ = [
    "grade_history",
    "grade_list",
    "grade_out",
    "grade_rows",
    "journal",
    "lesson_attendance",
    "lesson_detail",
    "lesson_summaries",
    "my_lessons",
    "my_students",
    "student_attendance",
    "student_events",
    "student_header",
    "student_homework",
    "student_term_grades",
    "summary",
    "week_diary",
]
