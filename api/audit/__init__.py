"""Append-only audit log: who read or changed whose personal data, when, and how."""
