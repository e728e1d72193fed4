"""The diary's viewer predicates, now ``api.diary.structure.viewer``: kept for the fast path
until it imports them from there."""

from api.diary.structure.viewer import (
    Viewer,
    has_family_in_class,
    is_family_of,
    nobody,
    runs_class,
    sees_student,
    sees_student_fully,
    teaches,
)

__all__ = [
    "Viewer",
    "has_family_in_class",
    "is_family_of",
    "nobody",
    "runs_class",
    "sees_student",
    "sees_student_fully",
    "teaches",
]
