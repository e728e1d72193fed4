"""Attendance: marks per lesson, alerts to guardians, absence notes."""
