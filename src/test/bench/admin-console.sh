#!/usr/bin/env bash
# Admin console at N entries (docs/benchmarks.md, "Admin console at 1M entries"). Not part of `mvn verify`.
# From the project root, after `mvn package -DskipTests` (WAR and unpacked WildFly) and `mvn test-compile`:
#   bash src/test/bench/admin-console.sh            # N=1000000, port offset 700 (HTTP 8780, management 10690)
# Writes the log once into target/bench/log (BulkLoad), starts WildFly on it with a 256 MB heap, signs in, times
# each console URL with curl (3 warm-up calls, then RUNS timed calls; median and max), streams a full export, stops.
set -euo pipefail
N=${N:-1000000}
OFFSET=${OFFSET:-700}
RUNS=${RUNS:-10}
HEAP=${HEAP:-256m}
WF=target/wildfly-39.0.1.Final
WORK=target/bench
LOG=${LOG_DIR:-$(pwd)/$WORK/log}
PORT=$((8080 + OFFSET))
MGMT=$((9990 + OFFSET))
B=http://127.0.0.1:$PORT/activity-log
USER=bench-admin
PASS=bench-Admin-pw-1
mkdir -p "$WORK"

if [ ! -f "$LOG/index/activity-index.mv.db" ]; then
  mvn -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
  java -Xmx512m -cp "target/test-classes:target/classes:$(cat "$WORK/cp.txt")" dev.activitylog.bench.BulkLoad "$LOG" "$N" \
    2>&1 | grep -v '^INFO\|^[A-Z][a-z][a-z] [0-9]'
fi

# Never measure (or stop) somebody else's server: the ports must be free.
if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/$MGMT) 2>/dev/null; then
  echo "port $PORT or $MGMT is in use: choose another OFFSET" >&2
  exit 1
fi
rm -rf "$WORK/base" && cp -r target/it-base/wildfly-*/standalone "$WORK/base"
"$WF/bin/add-user.sh" -a -u "$USER" -p "$PASS" -g activity-log-admin -sc "$WORK/base/configuration" >/dev/null
cp target/activity-log.war "$WORK/base/deployments/"
export JAVA_OPTS="-Xms64m -Xmx$HEAP"
"$WF/bin/standalone.sh" -Djboss.server.base.dir="$(pwd)/$WORK/base" -Djboss.socket.binding.port-offset=$OFFSET \
  -Dactivitylog.dir="$LOG" > "$WORK/server.out" 2>&1 &
SERVER=$!
stop() { # our server only: the JVM that our standalone.sh started, then the script
  pkill -TERM -P "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
}
trap stop EXIT
for _ in $(seq 300); do
  grep -q WFLYSRV0025 "$WORK/server.out" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server did not start: $WORK/server.out" >&2; exit 1; }
  sleep 1
done
grep -E 'WFLYSRV0025|recovered' "$WORK/server.out" | sed 's/.*INFO  *//' | cut -c1-220

JAR="$WORK/cookies"; rm -f "$JAR"
curl -s -c "$JAR" -b "$JAR" "$B/admin/" >/dev/null
curl -s -c "$JAR" -b "$JAR" --data "j_username=$USER&j_password=$PASS" "$B/j_security_check" >/dev/null

timeit() { # name, path
  local name=$1 path=$2 t ts=() code
  for _ in 1 2 3; do curl -s -o /dev/null -b "$JAR" "$B/$path"; done
  for _ in $(seq "$RUNS"); do
    t=$(curl -s -o /dev/null -b "$JAR" -w '%{http_code} %{time_total}' "$B/$path")
    code=${t%% *}; ts+=("${t#* }")
  done
  printf '%s\n' "${ts[@]}" | sort -n | awk -v n="$name" -v c="$code" -v p="$path" \
    '{a[NR]=$1} END {printf "| %s | `%s` | %d | %.0f | %.0f |\n", n, p, c, a[int((NR+1)/2)]*1000, a[NR]*1000}'
}
MID_TIME=$(date -u -d '15 days ago' +%Y-%m-%dT%H:%M:%SZ)
FROM=$(date -u -d '20 days ago' +%Y-%m-%dT%H:%M:%SZ)
TO=$(date -u -d '19 days ago' +%Y-%m-%dT%H:%M:%SZ)
echo "| view | URL | status | median ms | max ms |"
echo "|------|-----|--------|-----------|--------|"
timeit "newest page (25)" "admin/"
timeit "newest page (200)" "admin/?limit=200"
timeit "older page, middle of the log" "admin/?before=500000"
timeit "newer page, middle of the log" "admin/?after=500000"
timeit "oldest page" "admin/?after=0"
timeit "jump to a sequence number" "admin/?seq=123456"
timeit "jump to a time (15 days back)" "admin/?at=$MID_TIME"
timeit "actor filter (1 in 1,000)" "admin/?actor=user-0042"
timeit "actor filter, 10 entries in 1M" "admin/?actor=rare-actor"
timeit "action filter (1 in 20)" "admin/?action=order.cancel"
timeit "time range (one day, 20 days back)" "admin/?from=$FROM&to=$TO"
timeit "text, frequent word" "admin/?q=customer"
timeit "text, rare (bound: 10,000 read)" "admin/?q=needle"
timeit "text + actor (index first)" "admin/?actor=rare-actor&q=needle"
timeit "entry page" "admin/entry.xhtml?seq=500000"
timeit "health page" "admin/health.xhtml"
timeit "live tail poll" "admin/tail?after=999990"

t=$(curl -s -o "$WORK/export.ndjson" -b "$JAR" -w '%{http_code} %{time_total} %{size_download}' "$B/admin/export?format=ndjson")
echo "export NDJSON, all entries: $t (status, seconds, bytes), lines: $(wc -l < "$WORK/export.ndjson")"
t=$(curl -s -o "$WORK/export.csv" -b "$JAR" -w '%{http_code} %{time_total} %{size_download}' "$B/admin/export?format=csv&actor=user-0042")
echo "export CSV, actor=user-0042: $t"
t=$(curl -s -o /dev/null -u "$USER:$PASS" -X POST -w '%{http_code} %{time_total}' "$B/api/verify")
echo "verify (POST /api/verify): $t"
rm -f "$WORK/export.ndjson"
echo "OutOfMemoryError lines in the server log: $(grep -c OutOfMemoryError "$WORK/server.out" || true)"
