#!/usr/bin/env bash
# The request log's serving-side cost with the database on a core of its own, as a production
# database is on a machine of its own: PostgreSQL's processes are pinned to the last core and the
# harness (server and callers in one JVM) to the others, with taskset; then the harness runs the
# given scenarios, and PostgreSQL gets every core back, even when the run fails. Compare (e), the
# log on PostgreSQL, with (i), the same server with the log off. The JVM sees only its cores (on a
# two-core machine one, so it picks the serial collector and compiles on that core too): (i) and
# (e) run alike, and each is compared with the one beside it.
#
#   cfg-grpc-bench/pinned.sh                                    # from the repository root
#   cfg-grpc-bench/pinned.sh --scenarios i,e,i,e --duration 30s
#   CFG_GRPC_BENCH_JAR=/tmp/before.jar cfg-grpc-bench/pinned.sh ...   # another build of the harness
set -euo pipefail
cd "$(dirname "$0")/.."

cores=$(nproc --all)
if [ "$cores" -lt 2 ]; then
  echo "pinned.sh needs two cores or more, this machine has $cores" >&2
  exit 1
fi
database_core=$((cores - 1))
serving_cores="0-$((cores - 2))"
postgres=$(pgrep -f '^postgres|/postgres ' || true)
if [ -z "$postgres" ]; then
  echo "PostgreSQL is not running (pg_ctlcluster 15 main start)" >&2
  exit 1
fi
pin_postgres() {
  for pid in $(pgrep -f '^postgres|/postgres ' || true); do
    taskset -acp "$1" "$pid" >/dev/null 2>&1 || true
  done
}
trap 'pin_postgres "0-$((cores - 1))"' EXIT
# New backends are forked from the postmaster and inherit its core.
pin_postgres "$database_core"
echo "PostgreSQL on core $database_core, the harness on cores $serving_cores"
arguments=("$@")
if [ ${#arguments[@]} -eq 0 ]; then
  arguments=(--scenarios i,e,i,e,i,e --warmup 10s --duration 20s)
fi
taskset -c "$serving_cores" java -jar "${CFG_GRPC_BENCH_JAR:-cfg-grpc-bench/target/cfg-grpc-bench.jar}" "${arguments[@]}"
