"""School and class events, holidays and planned tests as one calendar of events."""
