"""School structure: academic years, terms, subjects, teachers, students, the timetable."""
