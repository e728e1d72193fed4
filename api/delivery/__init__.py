"""Outbound SMS and e-mail: stored, then delivered by a job through a gateway."""
