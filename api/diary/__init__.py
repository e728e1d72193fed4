"""The diary: school structure, lessons, grades, homework, attendance, reading, feeds."""
