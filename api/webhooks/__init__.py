"""Webhooks (Standard Webhooks 1.0) of integration clients: contract §5."""
