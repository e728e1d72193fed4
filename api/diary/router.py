"""Every diary router, for api/main.py."""

from __future__ import annotations

from fastapi import APIRouter

from api.diary.attendance.router import router as attendance_router
from api.diary.calendar.router import router as calendar_router
from api.diary.events.router import router as events_router
from api.diary.grades.router import router as grades_router
from api.diary.grades.signoff_router import router as signoff_router
from api.diary.holidays.router import router as holidays_router
from api.diary.homework.router import router as homework_router
from api.diary.lessons.router import generation_router
from api.diary.lessons.router import router as lessons_router
from api.diary.meetings.router import router as meetings_router
from api.diary.reading.router import router as reading_router
from api.diary.structure.router import router as structure_router

# In this order on the app (api/routing.py registers them flat, no nested router).
routers: tuple[APIRouter, ...] = (
    structure_router,
    generation_router,
    lessons_router,
    reading_router,
    grades_router,
    signoff_router,
    attendance_router,
    homework_router,
    calendar_router,
    holidays_router,
    events_router,
    meetings_router,
)
