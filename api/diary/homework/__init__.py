"""Homework: set per lesson, marked done by the student, discussed, reminded of."""
