#!/bin/sh
# A streaming hot standby of `primary`: copied with pg_basebackup -R (standby.signal and
# primary_conninfo) on the first start, then started as is. PGPASSWORD: the replicator's.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  gosu postgres pg_basebackup -h primary -U replicator -D "$PGDATA" -X stream -R -c fast
fi
exec gosu postgres postgres -c hot_standby=on
