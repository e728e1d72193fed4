"""The iCalendar feed of a user's lessons at a secret URL."""
