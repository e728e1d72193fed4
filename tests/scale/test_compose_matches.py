"""deploy/compose.yml describes the topology ``make scale-check`` runs: the same
processes, the same database settings, PgBouncer in the same mode. Docker is not run
here; this keeps the two from drifting apart (part of ``make test``)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.scale.topology import PgBouncer, environment

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PRIMARY, REPLICA = 5001, 5002  # the scale-check's ports, as the compose file's hosts
HOSTS = {PRIMARY: "primary", REPLICA: "replica"}


def compose_setting(compose: str, name: str) -> str:
    found = re.search(rf"^\s+{name}: (.+)$", compose, re.MULTILINE)
    assert found, f"deploy/compose.yml does not set {name}"
    return found.group(1).strip().strip('"')


def test_compose_sets_what_the_scale_check_sets(tmp_path: Path) -> None:
    bouncer = PgBouncer(tmp_path, PRIMARY, REPLICA)
    checked = environment(f"postgresql://postgres@127.0.0.1:{PRIMARY}/edudiary", bouncer, tmp_path)
    compose = (DEPLOY / "compose.yml").read_text()
    where = {bouncer.port: "pgbouncer", **HOSTS}
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "DATABASE_DIRECT_URL"):
        ours, theirs = urlsplit(checked[name]), urlsplit(compose_setting(compose, name))
        assert (theirs.hostname, theirs.path) == (where[ours.port or 0], ours.path), name
    for name in ("EDUDIARY_DATABASE_POOLER", "EDUDIARY_RUN_WORKER_IN_PROCESS"):
        assert compose_setting(compose, name) == checked[name], name
    for shared in ("EDUDIARY_SECRET_KEYS", "EDUDIARY_JWT_PRIVATE_KEYS"):
        assert compose_setting(compose, shared)  # one value for every process
    for service, command in (("api-1", "serve"), ("api-2", "serve"), ("worker", "worker")):
        block = re.search(rf"^  {service}:\n((?:    .*\n|\n)+)", compose, re.MULTILINE)
        assert block, service
        assert f'["edudiary", "{command}"]' in block.group(1), service


def test_pgbouncer_ini_matches(tmp_path: Path) -> None:
    ours = PgBouncer(tmp_path, PRIMARY, REPLICA).ini.read_text()
    theirs = (DEPLOY / "pgbouncer" / "pgbouncer.ini").read_text()

    def settings(text: str) -> dict[str, str]:
        return dict(re.findall(r"^(\w+) = (.*)$", text, re.MULTILINE))

    for key in ("pool_mode", "default_pool_size", "max_client_conn"):
        assert settings(theirs)[key] == settings(ours)[key], key
    for database in ("edudiary", "edudiary_replica"):
        port = int(re.findall(r"port=(\d+)", settings(ours)[database])[0])
        assert f"host={HOSTS[port]} " in settings(theirs)[database], database
        assert settings(theirs)[database].endswith("dbname=edudiary"), database
