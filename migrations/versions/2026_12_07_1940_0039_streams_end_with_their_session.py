"""stream: a revoked session (logout, password reset, an operator's revoke) or an account
that stops being active (blocked) ends its open streams at once, on every API process

The same NOTIFY channel as the events (``edudiary_stream``), with an ``end`` payload the
processes' listeners recognise. Triggers, not application calls: an operator blocking an
account by hand in psql is heard too.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-07 19:40:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One statement per execute: asyncpg prepares what it is given.
_UP = (
    """
CREATE FUNCTION stream_session_ended() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('edudiary_stream', json_build_object(
    'end', 'session', 'account_id', NEW.account_id, 'session_id', NEW.id)::text);
  RETURN NULL;
END
$fn$
""",
    """
CREATE FUNCTION stream_account_ended() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('edudiary_stream', json_build_object(
    'end', 'account', 'account_id', NEW.id)::text);
  RETURN NULL;
END
$fn$
""",
    """
CREATE TRIGGER refresh_sessions_end_streams AFTER UPDATE OF revoked_at ON refresh_sessions
FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
EXECUTE FUNCTION stream_session_ended()
""",
    """
CREATE TRIGGER accounts_end_streams AFTER UPDATE OF status ON accounts
FOR EACH ROW WHEN (OLD.status = 'active' AND NEW.status <> 'active')
EXECUTE FUNCTION stream_account_ended()
""",
)


def upgrade() -> None:
    for statement in _UP:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER accounts_end_streams ON accounts")
    op.execute("DROP TRIGGER refresh_sessions_end_streams ON refresh_sessions")
    op.execute("DROP FUNCTION stream_account_ended()")
    op.execute("DROP FUNCTION stream_session_ended()")
