"""Demo data for development and tests: ``edudiary seed-demo`` (see seed.py)."""
