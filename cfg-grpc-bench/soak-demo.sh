#!/usr/bin/env bash
# A soak of the demo jar as users run it (its H2 file database, request log on): the harness's
# target mode keeps GetProduct calls in flight for MINUTES, and every SAMPLE seconds the demo's
# heap after a full GC (jcmd), its threads and its open sockets and files (/proc) are read.
# Live objects vary with what H2 holds of its file at that moment, so one sample says little: the
# lowest of the last third of the run (after WARM_MINUTES) must be within 10 % of the lowest of
# the first third, and the most threads and sockets of the last third no more than the most of the
# first (pools start and retire a thread now and then), or the script fails saying which. A class
# histogram of the heap is saved at the first sample after the warm-up and at the end.
#
#   cfg-grpc-bench/soak-demo.sh                        # 10 minutes, from the repository root (needs a JDK's jcmd)
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

# Bytes the live objects take, in KB: the total of a class histogram, which jcmd takes in a full
# GC's pause. (The heap's "used" read just after a GC already holds what the calls allocated since.)
heap_after_gc() {
  jcmd "$pid" GC.class_histogram | awk '/^Total/ {printf "%d", $3 / 1024}'
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
  if [ "$elapsed" -ge $((WARM_MINUTES * 60)) ]; then
    [ -f "$WORK/heap.txt" ] || jcmd "$pid" GC.class_histogram >"$WORK/histogram-start.txt"
    echo "$elapsed $heap $t $s" >>"$WORK/heap.txt"
  fi
done
[ -f "$WORK/heap.txt" ] && jcmd "$pid" GC.class_histogram >"$WORK/histogram-end.txt" 2>/dev/null || true
wait "$load"
load=
cat "$WORK/load.txt"

failed=0
if [ ! -f "$WORK/heap.txt" ] || [ "$(wc -l <"$WORK/heap.txt")" -lt 3 ]; then
  echo "soak too short after its warm-up: nothing to compare" >&2; exit 1
fi
# The lowest heap and the most threads and sockets of the first and of the last third of the samples.
read -r first_floor last_floor base_threads last_threads base_sockets last_sockets < <(awk '
  {h[NR] = $2; t[NR] = $3; s[NR] = $4}
  END {
    n = NR; third = int(n / 3); if (third < 1) third = 1
    for (i = 1; i <= n; i++) {
      if (i <= third) { if (a == "" || h[i] < a) a = h[i]; if (t[i] > ta) ta = t[i]; if (s[i] > sa) sa = s[i] }
      if (i > n - third) { if (b == "" || h[i] < b) b = h[i]; if (t[i] > tb) tb = t[i]; if (s[i] > sb) sb = s[i] }
    }
    print a, b, ta, tb, sa, sb
  }' "$WORK/heap.txt")
change=$(awk "BEGIN {printf \"%.1f\", ($last_floor - $first_floor) * 100 / $first_floor}")
echo "heap after GC, lowest: ${first_floor} K in the first third, ${last_floor} K in the last third (${change} %)"
echo "most threads: $base_threads in the first third, $last_threads in the last; most sockets: $base_sockets, $last_sockets"
if awk "BEGIN {exit !($change > 10 || $change < -10)}"; then echo "FAILED: the heap after GC moved more than 10 %"; failed=1; fi
if [ "$last_threads" -gt "$base_threads" ]; then echo "FAILED: threads grew"; failed=1; fi
if [ "$last_sockets" -gt "$base_sockets" ]; then echo "FAILED: sockets grew"; failed=1; fi
grep -qE "status codes \{OK=[0-9]+\}$" "$WORK/load.txt" || { echo "FAILED: the load saw errors"; failed=1; }
exit "$failed"
