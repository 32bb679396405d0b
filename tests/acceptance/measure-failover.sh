#!/usr/bin/env bash
# Measures what a customer sees when the master that served the last write dies: the time from
# `./bank silo kill` returning (the process is gone) to the next committed `./bank deposit` on the
# same account. Each deposit is a new client process, which fails over by itself
# (BANK_FAILOVER_SECONDS). Prints one line per run and the min / median / max.
# Usage: tests/acceptance/measure-failover.sh [runs]             (own data dir and BANK_PORT_OFFSET)
#        tests/acceptance/measure-failover.sh --compose [runs]   (a cluster already up under
#            docker compose, as docs/operations.md starts it; the silo is `docker compose kill`ed
#            and started again; the client reaches the published gateways with the compose CA)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
COMPOSE=false
if [[ "${1:-}" == --compose ]]; then
    COMPOSE=true
    shift
fi
RUNS="${1:-5}"
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
now() { date +%s.%N; }
if $COMPOSE; then
    export BANK_CLUSTER_CA="${BANK_CLUSTER_CA:-secrets/cluster-ca.crt}"
    bank() { timeout 180 ./bank --gateway 127.0.0.1:30001 --gateway 127.0.0.1:30002 --gateway 127.0.0.1:30003 --gateway 127.0.0.1:30004 "$@"; }
    kill_silo() { timeout 60 docker compose kill "$1"; }
    start_silo() { timeout 180 docker compose start "$1"; }
else
    export BANK_DATA_DIR="${BANK_DATA_DIR:-$(mktemp -d /tmp/bank-failover.XXXXXX)}"
    export BANK_PORT_OFFSET="${BANK_PORT_OFFSET:-780}"
    bank() { timeout 180 ./bank "$@"; }
    kill_silo() { bank silo kill "$1"; }
    start_silo() { bank silo start "$1"; }
    trap 'bank down >/dev/null 2>&1 || true' EXIT
    bank up >/dev/null
fi

user="dora-$$"
echo 'failover-Passw0rd' | bank register "$user" --password-stdin --json >/dev/null
export BANK_SESSION="$(echo 'failover-Passw0rd' | bank login "$user" --password-stdin --json | json '["session"]')"
A="$(bank open-account --json | json '["account"]')"
times=()
for run in $(seq "$RUNS"); do
    served="$(bank deposit "$A" 1.00 --json | json '["servedBy"]')"
    kill_silo "$served" >/dev/null
    start="$(now)"
    failures=0
    until bank deposit "$A" 1.00 --request-id "failover-$run-$$" --json >/dev/null 2>&1; do failures=$((failures + 1)); done
    took="$(python3 -c "print(f'{$(now) - $start:.1f}')")"
    times+=("$took")
    printf 'run %d: killed %s, committed after %s s, %d failure answers, load %s\n' \
        "$run" "$served" "$took" "$failures" "$(cut -d' ' -f1 /proc/loadavg)"
    start_silo "$served" >/dev/null
    for _ in $(seq 60); do bank admin verify >/dev/null 2>&1 && break; sleep 2; done
done
printf '%s\n' "${times[@]}" | sort -n | python3 -c "
import sys; t=[float(x) for x in sys.stdin]; print(f'kill -> commit, min / median / max: {t[0]} / {t[len(t)//2]} / {t[-1]} s over {len(t)} runs')"
