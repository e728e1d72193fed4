#!/usr/bin/env bash
# `make mutation`: cosmic-ray over the security- and grade-critical modules, each against
# the tests that guard it. Slow (every mutant reruns its tests): not part of `make test`.
# Results: var/mutation/<name>.sqlite; survivors listed in var/mutation/<name>.txt.
# One module: `make mutation MUTATION_ONLY=averages`. MUTATION_RESUME=1 goes on with a
# run that was stopped (its var/mutation/<name>.sqlite keeps what was already tried).
set -euo pipefail
BIN=${BIN:-.venv/bin}
OUT=var/mutation
mkdir -p "$OUT"
# name | module | tests that must catch a change in it
TARGETS=(
  "averages|api/diary/grades/averages.py|tests/diary/grades/test_averages.py tests/diary/grades/test_average_statement.py tests/diary/grades/test_average_periods.py tests/diary/grades/test_term_closing.py"
  "lockout|api/identity/login.py|tests/identity/test_lockout.py tests/identity/test_address_limits.py tests/identity/test_login.py tests/identity/test_totp.py"
  "tokens|api/identity/sessions.py|tests/identity/test_tokens.py"
  "otp|api/identity/codes.py|tests/identity/test_codes.py tests/identity/test_sms_slots.py tests/identity/test_code_race.py tests/identity/test_login.py tests/identity/test_registration.py"
  "upload|api/documents/upload.py|tests/documents/test_documents.py"
  "inspection|api/documents/inspection.py|tests/documents/test_documents.py"
)
for target in "${TARGETS[@]}"; do
  IFS='|' read -r name module tests <<<"$target"
  [[ -n "${MUTATION_ONLY:-}" && "$MUTATION_ONLY" != "$name" ]] && continue
  config="$OUT/$name.toml"
  cat >"$config" <<TOML
[cosmic-ray]
module-path = "$module"
timeout = 300.0
excluded-modules = []
test-command = "$BIN/python -m pytest -x -q -p no:cacheprovider $tests"

[cosmic-ray.distributor]
name = "local"

# "X | None" in annotations: with postponed evaluation (every module has
# "from __future__ import annotations") a flipped "|" there changes nothing and no test can
# see it; these modules use "|" for nothing else.
[cosmic-ray.filters.operators-filter]
exclude-operators = ["core/ReplaceBinaryOperator_BitOr_.*"]
TOML
  if [[ -z "${MUTATION_RESUME:-}" || ! -f "$OUT/$name.sqlite" ]]; then
    rm -f "$OUT/$name.sqlite"
    "$BIN/cosmic-ray" init "$config" "$OUT/$name.sqlite"
    "$BIN/cr-filter-operators" "$OUT/$name.sqlite" "$config"
    "$BIN/cosmic-ray" baseline "$config"
  fi
  "$BIN/cosmic-ray" exec "$config" "$OUT/$name.sqlite"
  "$BIN/cr-report" --show-pending "$OUT/$name.sqlite" | tee "$OUT/$name.report"
  # The survivors: mutations no test noticed.
  "$BIN/cr-report" "$OUT/$name.sqlite" | grep -B3 "test outcome: TestOutcome.SURVIVED" >"$OUT/$name.txt" || true
  echo "$name: survivors in $OUT/$name.txt"
done
