#!/usr/bin/env bash
# The request log's cost on what users run first: the demo jar on its default H2 file database,
# measured from outside with h2load (Debian's nghttp2-client) on GetProduct. Each round starts a
# fresh demo, warms it, then times a fixed number of calls; rounds alternate the request log on
# (every call a row) and sample-rate=0 (successful calls not recorded). h2load counts a gRPC error
# as a success (it answers with HTTP 200), so after every round the demo's monitoring API is asked
# how many calls failed (errors are recorded at any sample rate): a round with one is reported and
# fails the script. With the log on, the rows must also add up to the calls made.
#
#   cfg-grpc-bench/h2load-demo.sh                   # from the repository root
#   JVMS=5 CALLS=100000 cfg-grpc-bench/h2load-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

JVMS=${JVMS:-3}                 # demo starts per variant
WARM=${WARM:-40000}             # calls before the timed ones, in every JVM
CALLS=${CALLS:-80000}           # timed calls per round
CONNECTIONS=${CONNECTIONS:-16}
STREAMS=${STREAMS:-8}           # concurrent streams per connection
GRPC_PORT=${GRPC_PORT:-50071}
HTTP_PORT=${HTTP_PORT:-8071}
WORK=target/h2load-demo
JAR=cfg-grpc-demo/target/cfg-grpc-demo.jar

if ! command -v h2load >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null; }
  else
    echo "h2load is missing: sudo apt-get install nghttp2-client" >&2
    exit 1
  fi
fi
[ -f "$JAR" ] || ./mvnw -q install -DskipTests -pl cfg-grpc-demo -am

rm -rf "$WORK" && mkdir -p "$WORK"
# GetProductRequest {id: 1}: a gRPC frame (not compressed, 2 bytes long), then field 1 as a varint.
printf '\x00\x00\x00\x00\x02\x08\x01' >"$WORK/get-product.bin"

demo_pid=
stop_demo() {
  if [ -n "$demo_pid" ]; then
    kill "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
    demo_pid=
  fi
}
trap stop_demo EXIT

# Prints the rate h2load reports; fails unless every request got HTTP 200.
load() {
  local out
  out=$(h2load -n "$1" -c "$CONNECTIONS" -m "$STREAMS" -t 1 -d "$WORK/get-product.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' \
    "http://127.0.0.1:$GRPC_PORT/api.products.ProductService/GetProduct")
  echo "$out" | grep -q "requests: $1 total, $1 started, $1 done, $1 succeeded" \
    || { echo "$out" >&2; echo "h2load: not every request succeeded" >&2; return 1; }
  echo "$out" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p'
}

# Prints "<calls> <errors>" of GetProduct in the demo's request log, as the monitoring API reports them.
logged() {
  local token
  token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"username": "admin", "password": "admin123"}' \
    "http://127.0.0.1:$HTTP_PORT/cfg/auth/token/" | sed 's/.*"access":"\([^"]*\)".*/\1/')
  curl -sf -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$HTTP_PORT/cfg/grpc/monitor/methods/?hours=1&service=api.products.ProductService" \
    | python3 -c 'import json,sys
m=[m for m in json.load(sys.stdin)["methods"] if m["method_name"]=="GetProduct"]
print(m[0]["total"] if m else 0, m[0]["errors"] if m else 0)'
}

declare -A rates
failed=0
for round in $(seq 1 "$JVMS"); do
  for variant in on off; do
    dir="$WORK/$variant-$round"
    mkdir -p "$dir"
    extra=()
    [ "$variant" = off ] && extra=(--cfg.grpc.logging.sample-rate=0)
    (cd "$dir" && exec java -jar ../../../$JAR --port "$GRPC_PORT" --http-port "$HTTP_PORT" \
      --cfg.grpc.logging.console=false "${extra[@]}" >demo.log 2>&1) &
    demo_pid=$!
    for _ in $(seq 1 180); do grep -q "Started DemoApplication" "$dir/demo.log" && break; sleep 1; done
    grep -q "Started DemoApplication" "$dir/demo.log" || { cat "$dir/demo.log"; exit 1; }
    load "$WARM" >/dev/null
    rate=$(load "$CALLS")
    # The log is written in the background: wait for the last rows (errors are always recorded).
    expected=$([ "$variant" = on ] && echo $((WARM + CALLS)) || echo 0)
    for _ in $(seq 1 60); do
      read -r total errors < <(logged || echo "0 0")
      [ "$total" -ge "$expected" ] && break
      sleep 1
    done
    note=""
    if [ "$errors" != 0 ]; then note=" FAILED: $errors gRPC errors"; failed=1; fi
    if [ "$variant" = on ] && [ "$total" != "$expected" ]; then note="$note FAILED: $total rows for $expected calls"; failed=1; fi
    printf 'round %d, log %-3s: %8.0f calls/s  (log rows %s, errors %s)%s\n' "$round" "$variant" "$rate" "$total" "$errors" "$note"
    rates[$variant]="${rates[$variant]:-} $rate"
    stop_demo
  done
done

python3 - "${rates[on]}" "${rates[off]}" "$CONNECTIONS" "$STREAMS" "$CALLS" <<'EOF'
import statistics, sys
on = [float(x) for x in sys.argv[1].split()]
off = [float(x) for x in sys.argv[2].split()]
print(f"\nGetProduct, {sys.argv[3]} connections x {sys.argv[4]} streams, {sys.argv[5]} timed calls a round")
print(f"log on:          {' / '.join(f'{x:,.0f}' for x in on)} calls/s, median {statistics.median(on):,.0f}")
print(f"sample-rate=0:   {' / '.join(f'{x:,.0f}' for x in off)} calls/s, median {statistics.median(off):,.0f}")
print(f"on / off (medians): {statistics.median(on) / statistics.median(off):.2f}")
EOF
exit "$failed"
