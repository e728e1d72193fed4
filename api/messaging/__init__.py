"""Messaging: conversations between families and school staff, announcements to a class."""
