"""Account levels beyond simplified: SNILS and passport (standard), then identity
confirmation by an operator or a one-time code (confirmed)."""
