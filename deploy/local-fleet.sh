#!/usr/bin/env bash
# A fleet on one machine: the local PostgreSQL, three demo instances on one database, and nginx
# (Debian's package) load-balancing gRPC over them on loopback. Runs load through nginx with the
# harness, kills one instance mid-run, and prints what the clients saw and what the log holds.
#
#   deploy/local-fleet.sh            # from the repository root, as root on Debian (it installs nginx)
#
# Ports: nginx 127.0.0.1:50060; instances 50061-50063 (HTTP off). nginx reaches the instances from
# 127.0.0.5, the only address they trust as a proxy, and names the client in x-forwarded-for.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30}        # seconds of load through nginx
KILL_AFTER=${KILL_AFTER:-12}    # seconds into that load when instance 2 is killed (SIGKILL)
CONCURRENCY=${CONCURRENCY:-32}
DATABASE=cfg_grpc_fleet
WORK=target/local-fleet
log() { printf '\n==> %s\n' "$*"; }

log "packages"
export DEBIAN_FRONTEND=noninteractive
for package in postgresql nginx; do
  dpkg -s "$package" >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq "$package" >/dev/null; }
done

log "PostgreSQL (the local cluster), database $DATABASE"
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online || pg_ctlcluster $cluster start
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'cfg_grpc'")" = "1" ] \
  || psql_admin "CREATE ROLE cfg_grpc LOGIN PASSWORD 'cfg_grpc'"
psql_admin "DROP DATABASE IF EXISTS $DATABASE"
psql_admin "CREATE DATABASE $DATABASE OWNER cfg_grpc"
sql() { PGPASSWORD=cfg_grpc psql -h 127.0.0.1 -U cfg_grpc -d "$DATABASE" -qtAc "$1"; }

log "build (the demo and the harness, with the starter they use)"
./mvnw -q install -DskipTests -pl cfg-grpc-demo,cfg-grpc-bench -am

rm -rf "$WORK" && mkdir -p "$WORK"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

log "three demo instances on one database"
for n in 1 2 3; do
  mkdir -p "$WORK/instance-$n"
  (cd "$WORK/instance-$n" && exec java -jar ../../../cfg-grpc-demo/target/cfg-grpc-demo.jar rungrpc --no-http \
    --port "5006$n" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DATABASE" \
    --cfg.grpc.server.host=127.0.0.1 --cfg.grpc.server.trusted-proxies=127.0.0.5 \
    --cfg.grpc.server.shutdown-grace-period=5s >"instance.log" 2>&1) &
  pids+=($!)
  # One at a time: the first migrates and seeds the database.
  for _ in $(seq 1 120); do grep -q "gRPC server started\|Started DemoApplication" "$WORK/instance-$n/instance.log" && break; sleep 1; done
  grep -q "Started DemoApplication" "$WORK/instance-$n/instance.log" || { cat "$WORK/instance-$n/instance.log"; exit 1; }
  echo "instance $n: pid ${pids[-1]}, port 5006$n"
done

log "nginx on 127.0.0.1:50060"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$WORK/nginx.pid;
error_log $PWD/$WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $PWD/$WORK/nginx;
  upstream demo {
    server 127.0.0.1:50061;
    server 127.0.0.1:50062;
    server 127.0.0.1:50063;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:50060 http2;
    location / {
      grpc_pass grpc://demo;
      grpc_bind 127.0.0.5;
      grpc_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      grpc_next_upstream error timeout;
    }
  }
}
CONF
nginx -c "$PWD/$WORK/nginx.conf" -p "$PWD/$WORK/nginx"
sleep 1

BENCH=(java -jar cfg-grpc-bench/target/cfg-grpc-bench.jar --mode target --method api.products.ProductService/GetProduct
  --request-hex 0801 --concurrency "$CONCURRENCY" --warmup 5s)

log "one instance direct, $((DURATION / 2)) s"
"${BENCH[@]}" --target 127.0.0.1:50061 --duration "$((DURATION / 2))s" | tee "$WORK/direct.txt"
sleep 2   # the direct run's last rows
sql "DELETE FROM cfg_grpc_request_log" >/dev/null

log "through nginx over three instances, $DURATION s; instance 2 is killed after $KILL_AFTER s"
start=$(date +%s.%N)
"${BENCH[@]}" --target 127.0.0.1:50060 --duration "${DURATION}s" | tee "$WORK/nginx.txt" &
bench=$!
sleep "$((KILL_AFTER + 5))"   # the harness warms up for 5 s first
in_flight=$(ss -Htn state established "( sport = :50062 )" | wc -l)
kill -9 "${pids[1]}"
killed_at=$(date +%s.%N)
echo "killed instance 2 (pid ${pids[1]}) with $in_flight connections open to it"
wait "$bench"

log "figures"
sleep 3   # the surviving instances' writers flush every few hundred milliseconds
cat "$WORK/direct.txt" "$WORK/nginx.txt"
failed=$(grep -o 'status codes {[^}]*}' "$WORK/nginx.txt" | tr -d '{}' | tr ',' '\n' | grep -v 'OK=' | awk -F= '{s += $2} END {print s + 0}')
echo "calls failed through nginx: $failed (at most the $CONCURRENCY calls in flight can be on the killed instance)"
echo "rows in the request log, by instance and state:"
sql "SELECT i.id || ' ' || i.grpc_port || ' ' || i.state || ': ' || COUNT(l.id) FROM cfg_grpc_server_instance i
     LEFT JOIN cfg_grpc_request_log l ON l.instance_id = i.id GROUP BY i.id, i.grpc_port, i.state ORDER BY i.grpc_port"
echo "a call through nginx as logged (client_ip from x-forwarded-for, peer is nginx):"
sql "SELECT client_ip || ' via ' || peer FROM cfg_grpc_request_log ORDER BY id DESC LIMIT 1"
if [ "$failed" -gt "$CONCURRENCY" ]; then
  echo "more calls failed than were in flight" >&2
  exit 1
fi
