"""Integration clients of a school: credentials, scopes, OAuth 2.0 token (docs/integrations.md)."""
