"""Grades: 5-point and pass/fail marks, work types with weights, history, term grades."""
