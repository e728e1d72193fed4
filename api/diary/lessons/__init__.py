"""Lessons: generated from the timetable, moved, cancelled, substituted."""
