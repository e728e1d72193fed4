"""The live stream of an account's events (COMMUNICATION §5): ``GET /api/v1/me/stream``."""
