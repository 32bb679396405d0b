#!/usr/bin/env bash
# Issue 5 acceptance, for real, against a local multi-process cluster started by ./bank up:
# a deposit; the reader killed → balance still answers, from a master; the reader restarted →
# admin verify exits 0; a master killed during transfers and restarted → caught up, verify 0,
# no acknowledged transfer missing; a balance corrupted on disk while a master is stopped →
# repaired; an undecidable account frozen while the third master is down, unfrozen after;
# master-2 and master-3 killed → balance and history from the reader, --fresh and writes exit 4.
# Usage: tests/acceptance/read-path-and-recovery.sh   (uses its own data dir and BANK_PORT_OFFSET)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export BANK_DATA_DIR="${BANK_DATA_DIR:-$(mktemp -d /tmp/bank-acceptance.XXXXXX)}"
export BANK_PORT_OFFSET="${BANK_PORT_OFFSET:-770}"
bank() { timeout 180 ./bank "$@"; }
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
# Bounded polling: an operator's view has no event to await.
until_ok() { local tries=$1; shift; for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 2; done; return 1; }
corrupt() { python3 -c "
import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=10)
n=c.execute('update accounts set balance_cents=? where account_no=?', (int(sys.argv[3]), sys.argv[2])).rowcount; c.commit(); assert n==1" "$BANK_DATA_DIR/$1.db" "$2" "$3"; }
# The account's newest ledger row edited under a running master: its row checksum does not cover
# it (an accounts row edited so would make the whole file count as damaged), the integrity guard does.
corrupt_top_row() { python3 -c "
import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=10)
n=c.execute('update ledger set balance_after_cents=? where account_no=? and version=(select max(version) from ledger where account_no=?)', (int(sys.argv[3]), sys.argv[2], sys.argv[2])).rowcount; c.commit(); assert n==1" "$BANK_DATA_DIR/$1.db" "$2" "$3"; }
trap 'bank down >/dev/null 2>&1 || true' EXIT

bank up
echo 'acceptance-Passw0rd' | bank register carol --password-stdin --json >/dev/null
export BANK_SESSION="$(echo 'acceptance-Passw0rd' | bank login carol --password-stdin --json | json '["session"]')"
A="$(bank open-account --json | json '["account"]')"
B="$(bank open-account --json | json '["account"]')"
bank deposit "$A" 10.00 --json
[[ "$(bank balance "$A" --json | json '["servedBy"]')" == reader ]] || fail "balance not served by the reader"

echo "== reader killed"
bank silo kill reader
out="$(bank balance "$A" --json)"; echo "$out"
[[ "$(json '["servedBy"]' <<<"$out")" == master-* && "$(json '["balance"]' <<<"$out")" == 10.00 ]] || fail "no master answer with the reader down"
bank silo start reader
until_ok 30 bank admin verify || fail "verify not green after the reader returned"
bank admin verify

echo "== master-2 killed during transfers"
acked=0
for i in $(seq 1 12); do
    [[ $i == 5 ]] && bank silo kill master-2
    [[ $i == 9 ]] && bank silo start master-2
    id="acc-$i-$RANDOM"
    for _ in 1 2 3 4 5; do   # retry with the same request id until the outcome is known
        if out="$(bank transfer "$A" "$B" 0.10 --request-id "$id" --json)"; then acked=$((acked + 10)); break; fi
    done
done
until_ok 30 bank admin verify || fail "verify not green after master-2 returned"
[[ "$(bank balance "$B" --fresh --json | json '["balance"]')" == "$(printf '%d.%02d' $((acked / 100)) $((acked % 100)))" ]] || fail "an acknowledged transfer is missing"

echo "== balance corrupted on disk while master-3 is stopped"
bank silo stop master-3
corrupt master-3 "$A" 99999999
bank silo start master-3
until_ok 30 bank admin verify || fail "corruption not repaired"
bank admin replicas "$A"

echo "== master-3 down, master-2 damaged: frozen until master-3 returns"
bank silo kill master-3
corrupt_top_row master-2 "$A" 7777
until_ok 30 sh -c "./bank admin replicas $A --json | grep -q '\"frozen\":true'" || fail "not frozen"
bank admin replicas "$A"
rc=0; bank deposit "$A" 1.00 --json || rc=$?
[[ $rc == 4 ]] || fail "a write to a frozen account answered exit $rc, not 4 (unavailable)"
bank silo start master-3
until_ok 30 bank admin verify || fail "not unfrozen and repaired after master-3 returned"
bank admin replicas "$A"
bank deposit "$A" 1.00 --json

echo "== master-2 and master-3 killed: the reader still serves reads; --fresh and writes exit 4"
bank silo kill master-2
bank silo kill master-3
out="$(bank balance "$A" --json)"; echo "$out"
[[ "$(json '["servedBy"]' <<<"$out")" == reader ]] || fail "balance not served by the reader with two masters down"
[[ "$(bank history "$A" --json | json '["servedBy"]')" == reader ]] || fail "history not served by the reader with two masters down"
rc=0; bank balance "$A" --fresh --json || rc=$?
[[ $rc == 4 ]] || fail "balance --fresh with two masters down answered exit $rc, not 4"
rc=0; bank deposit "$A" 1.00 --json || rc=$?
[[ $rc == 4 ]] || fail "a write with two masters down answered exit $rc, not 4"
bank silo start master-2
bank silo start master-3
until_ok 30 bank admin verify || fail "verify not green after master-2 and master-3 returned"
echo "PASS"
