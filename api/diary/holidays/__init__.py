"""The school's own days without lessons: vacations, quarantine, other closures."""
