"""Demo diary for ``edudiary seed-demo``: the first demo school gets a current term.

Three classes of 25 pupils (5-А, 9-А, 9-Б) with their grade's curriculum, ten teachers
each with their own classroom, bells, a weekly timetable for every quarter of the
academic year in which no teacher (and no classroom) is in two places at once, the
lessons of the current quarter, and for the lessons already held: grades, homework and
attendance. Demo accounts (known passwords, listed by ``--json``): a teacher of
mathematics in 5-А and of algebra and geometry in 9-А and 9-Б, the class teacher of 9-Б,
the school administrator, an operator, a parent of a 9-Б pupil and a 9-Б student.
Idempotent: what exists is kept, and the journal is only filled for lessons generated in
this run.

- ``people``: staff, the demo family and pupils;
- ``school``: quarters, bells, subjects, curricula and teaching assignments;
- ``timetable``: the clash-free weekly plan and the terms' timetable slots;
- ``journal``: topics, grades, homework and attendance of the lessons held;
- ``step``: the seed-demo step that puts them together.
"""

from api.diary.demo.people import PASSWORD
from api.diary.demo.step import seed_diary

__all__ = ["PASSWORD", "seed_diary"]
