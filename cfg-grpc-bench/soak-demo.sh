#!/usr/bin/env bash
# A soak of the demo jar as users run it (its H2 file database, request log on): the harness's
# target mode keeps GetProduct calls in flight for MINUTES, and every SAMPLE seconds the demo's
# heap after a full GC (jcmd), its threads and its open sockets and files (/proc) are read. The
# first sample after WARM_MINUTES is the baseline; at the end the heap must be within 10 % of it
# and the threads and sockets no more than it, or the script fails saying which.
#
#   cfg-grpc-bench/soak-demo.sh                        # 10 minutes, from the repository root
#   MINUTES=2 cfg-grpc-bench/soak-demo.sh              # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${MINUTES:-10}
WARM_MINUTES=${WARM_MINUTES:-1}
SAMPLE=${SAMPLE:-30}
CONCURRENCY=${CONCURRENCY:-32}
GRPC_PORT=${GRPC_PORT:-50081}
HTTP_PORT=${HTTP_PORT:-8081}
WORK=target/soak-demo
JAR=cfg-grpc-demo/target/cfg-grpc-demo.jar

[ -f "$JAR" ] || ./mvnw -q install -DskipTests -pl cfg-grpc-demo -am
[ -f cfg-grpc-bench/target/cfg-grpc-bench.jar ] || ./mvnw -q install -DskipTests -pl cfg-grpc-bench -am
rm -rf "$WORK" && mkdir -p "$WORK/demo"

(cd "$WORK/demo" && exec java -jar ../../../$JAR --port "$GRPC_PORT" --http-port "$HTTP_PORT" \
  --cfg.grpc.logging.console=false >demo.log 2>&1) &
demo=$!
load=
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  kill "$demo" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 180); do grep -q "Started DemoApplication" "$WORK/demo/demo.log" && break; sleep 1; done
grep -q "Started DemoApplication" "$WORK/demo/demo.log" || { cat "$WORK/demo/demo.log"; exit 1; }
# The JVM that serves: the jar's own process (java -jar execs no child).
pid=$demo

java -jar cfg-grpc-bench/target/cfg-grpc-bench.jar --mode target --target "127.0.0.1:$GRPC_PORT" \
  --method api.products.ProductService/GetProduct --request-hex 0801 --concurrency "$CONCURRENCY" \
  --warmup 0s --duration "$((MINUTES * 60))s" >"$WORK/load.txt" 2>&1 &
load=$!

# Heap used after a full GC, in KB: G1's "used" of jcmd GC.heap_info.
heap_after_gc() {
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}
sockets() { find "/proc/$pid/fd" -lname 'socket:*' 2>/dev/null | wc -l; }
files() { find "/proc/$pid/fd" -mindepth 1 2>/dev/null | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$pid/status"; }

printf '%8s %14s %8s %8s %8s\n' "minute" "heap after GC" "threads" "sockets" "fds" | tee "$WORK/samples.txt"
start=$(date +%s)
base_heap= base_threads= base_sockets=
while kill -0 "$load" 2>/dev/null; do
  sleep "$SAMPLE"
  kill -0 "$load" 2>/dev/null || break
  elapsed=$(( $(date +%s) - start ))
  heap=$(heap_after_gc); t=$(threads); s=$(sockets); f=$(files)
  printf '%8s %12s K %8s %8s %8s\n' "$(awk "BEGIN {printf \"%.1f\", $elapsed / 60}")" "$heap" "$t" "$s" "$f" \
    | tee -a "$WORK/samples.txt"
  if [ -z "$base_heap" ] && [ "$elapsed" -ge $((WARM_MINUTES * 60)) ]; then
    base_heap=$heap base_threads=$t base_sockets=$s
  fi
  last_heap=$heap last_threads=$t last_sockets=$s
done
wait "$load"
load=
cat "$WORK/load.txt"

failed=0
if [ -z "$base_heap" ]; then echo "soak shorter than its warm-up: nothing to compare" >&2; exit 1; fi
change=$(awk "BEGIN {printf \"%.1f\", ($last_heap - $base_heap) * 100 / $base_heap}")
echo "heap after GC: ${base_heap} K after ${WARM_MINUTES} min, ${last_heap} K at the end (${change} %)"
echo "threads: $base_threads -> $last_threads; sockets: $base_sockets -> $last_sockets"
if awk "BEGIN {exit !($change > 10 || $change < -10)}"; then echo "FAILED: the heap after GC moved more than 10 %"; failed=1; fi
if [ "$last_threads" -gt "$base_threads" ]; then echo "FAILED: threads grew"; failed=1; fi
if [ "$last_sockets" -gt "$base_sockets" ]; then echo "FAILED: sockets grew"; failed=1; fi
grep -qE "status codes \{OK=[0-9]+\}$" "$WORK/load.txt" || { echo "FAILED: the load saw errors"; failed=1; }
exit "$failed"
