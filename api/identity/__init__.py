"""Accounts, registration, log-in, tokens and sessions (the Gosuslugi-style front door)."""
