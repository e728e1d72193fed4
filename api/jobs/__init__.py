"""Background jobs on procrastinate (PostgreSQL-backed: retries, periodic tasks, locks)."""
