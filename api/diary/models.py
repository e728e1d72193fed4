"""Every model of the diary, for api/models.py (Alembic and the tests see them all)."""

from api.diary.attendance import models as attendance_models
from api.diary.calendar import models as calendar_models
from api.diary.events import models as events_models
from api.diary.grades import models as grades_models
from api.diary.grades import signoff_models
from api.diary.holidays import models as holidays_models
from api.diary.homework import models as homework_models
from api.diary.lessons import models as lessons_models
from api.diary.meetings import models as meetings_models
from api.diary.structure import models as structure_models

__all__ = [
    "attendance_models",
    "calendar_models",
    "events_models",
    "grades_models",
    "holidays_models",
    "homework_models",
    "lessons_models",
    "meetings_models",
    "signoff_models",
    "structure_models",
]
