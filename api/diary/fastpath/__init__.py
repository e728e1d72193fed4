"""The diary's hot paths in one or two SQL round trips: the week diary, a student's grade
list, and a teacher's bulk grade entry.

Why this module exists: measured on 2 cores, FastAPI + ORM objects + response models
served these reads at a fifth of what the same SQL does behind a bare asyncpg handler,
with second-long p99 tails (``bench/diary_load.py``). Here:

* statements are built once from the same SQLAlchemy models and the same access
  predicates as the ORM code (``api/diary/access.py``), compiled once for asyncpg, and
  executed on the driver connection with positional arguments (prepared once per
  connection by asyncpg's statement cache);
* PostgreSQL builds the response JSON (``json_build_object``/``json_agg``); Python only
  passes the bytes on, so there is no model validation on the way out;
* the reads check the access token's session and scope the rows *in the same statement*
  (the ``caller`` CTE is ``api.identity.deps.caller_select``, the select
  ``current_principal`` runs), so a read is one round trip with no transaction around it,
  on the hot pool's connection (``api.db.HotConnection``);
* the grade post is two statements inside the request's transaction: a context read
  (lesson taught by the caller, roster, work types) and one data-modifying statement that
  upserts the grades, writes their history and the families' in-app notifications.

The routes (``api/diary/reading/router.py``, ``api/diary/grades/router.py``) call the
statements by name: ``reads.week_diary``, ``reads.grade_list``. An ORM reference of the
same reads lives in the tests, which hold the two equal. Response schemas stay declared
on the routes (``response_model``).

Modules: ``sql`` (building blocks), ``reads`` and ``writes`` (the statements),
``execution`` (running them).
"""

from api.diary.fastpath.execution import (
    GradeRows,
    fetch_read,
    grade_context,
    session_driver,
    write_grades,
)
from api.diary.fastpath.reads import (
    diary_statement,
    grade_list,
    grade_list_statement,
    week_diary,
)
from api.diary.fastpath.sql import Compiled
from api.diary.fastpath.writes import GRADE_WRITE_SQL, grade_context_statement

__all__ = [
    "GRADE_WRITE_SQL",
    "Compiled",
    "GradeRows",
    "diary_statement",
    "fetch_read",
    "grade_context",
    "grade_context_statement",
    "grade_list",
    "grade_list_statement",
    "session_driver",
    "week_diary",
    "write_grades",
]
