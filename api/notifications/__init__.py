"""In-app notifications (the bell) and per-account delivery settings for SMS and e-mail."""
