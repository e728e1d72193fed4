#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d): the replica's role and its
# pg_hba line. REPLICATION_PASSWORD comes from deploy/.env.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -v password="$REPLICATION_PASSWORD" \
  -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
