"""Retention: deleting what has outlived its purpose, on a schedule, and saying so."""
