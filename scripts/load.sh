#!/usr/bin/env bash
# Load-test LMO in three set-ups and print a summary table:
#
#   a  one node on SQLite (a fresh database, seeded on first start)
#   b  one node on PostgreSQL (database lmo_load, dropped, recreated, migrated
#      and seeded with `lmo seed --db $PG_URL`)
#   c  two nodes on that PostgreSQL database, load round-robined across both
#
# Each scenario runs cmd/lmoload for DURATION seconds after a warm-up and
# records its report and each server's peak resident memory (VmHWM, read just
# before the server is stopped with SIGTERM). b and c are skipped, with the
# reason, when PostgreSQL does not answer at 127.0.0.1:5432 or when lmo cannot
# use a postgres:// database yet. Everything listens on 127.0.0.1 only.
#
#   scripts/load.sh                      # 20 s per scenario
#   DURATION=5 CONCURRENCY=8 scripts/load.sh
#
# Environment: DURATION (seconds, default 20, at most 600), WARMUP (seconds,
# default 2), CONCURRENCY (default 16), SEED (default 1), SCENARIOS (default
# "a b c"). Reports, server logs and the SQLite database stay in a temporary
# directory whose path is printed at the end.
set -euo pipefail

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-2}
CONCURRENCY=${CONCURRENCY:-16}
SEED=${SEED:-1}
SCENARIOS=${SCENARIOS:-a b c}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_DB=lmo_load
PG_URL="postgres://postgres@${PG_HOST}:${PG_PORT}/${PG_DB}?sslmode=disable"
# Every node gets the same public base URL, as behind a load balancer, so that
# pages which print absolute links are the same bytes (and ETags) on every node.
BASE_URL=http://127.0.0.1:8080

for v in DURATION WARMUP CONCURRENCY SEED; do
	if ! [[ ${!v} =~ ^[0-9]+$ ]]; then
		echo "load.sh: $v must be a whole number, not '${!v}'" >&2
		exit 2
	fi
done
if ((DURATION < 1 || DURATION > 600)); then
	echo "load.sh: DURATION must be from 1 to 600 seconds" >&2
	exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/lmo-load.XXXXXX")
LMO=$work/bin/lmo
LMOLOAD=$work/bin/lmoload

# PIDs of the servers this script started and has not stopped yet.
declare -a RUNNING=()

log() { printf '\n== %s\n' "$*"; }

# stop_server PID NAME: record peak memory and CPU time, SIGTERM, wait.
# Appends "NAME peak_kB cpu_s exit" to $work/servers.
stop_server() {
	local pid=$1 name=$2 hwm=? cpu=? rc=0 i
	if [[ -r /proc/$pid/status ]]; then
		hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" || echo ?)
		cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat" || echo ?)
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 300; i++)); do # graceful shutdown allows 10 s
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "load.sh: $name (pid $pid) ignored SIGTERM for 30 s; killing it" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || rc=$?
	local keep=()
	for p in "${RUNNING[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
	RUNNING=("${keep[@]+"${keep[@]}"}")
	echo "$name $hwm $cpu $rc" >>"$work/servers"
	echo "stopped $name (pid $pid): exit $rc, peak RSS ${hwm} kB, CPU ${cpu} s"
}

cleanup() {
	local pid
	for pid in "${RUNNING[@]+"${RUNNING[@]}"}"; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME DB [ARGS...]: start `lmo serve` on a free loopback port
# and wait until /healthz answers. Sets SERVER_PID and SERVER_URL; returns 1,
# with the end of the server's log, when it exits or is not ready in 120 s.
start_server() {
	local name=$1 db=$2
	shift 2
	local out="$work/$name.log" pid url i
	(cd "$work" && exec env -u LMO_ADDR -u LMO_DB -u LMO_DATABASE_URL -u LMO_BASE_URL -u LMO_LOG_FORMAT \
		"$LMO" serve --addr 127.0.0.1:0 --db "$db" --base-url "$BASE_URL" "$@") >"$out" 2>&1 &
	pid=$!
	RUNNING+=("$pid")
	for ((i = 0; i < 1200; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			local rc=0
			wait "$pid" 2>/dev/null || rc=$?
			local keep=()
			for p in "${RUNNING[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
			RUNNING=("${keep[@]+"${keep[@]}"}")
			echo "$name exited with status $rc before it was ready; its log ends:"
			tail -n 5 "$out" | sed 's/^/    /'
			return 1
		fi
		url=$(sed -n 's/.*msg=serving url="\{0,1\}\(http:\/\/[^" ]*\).*/\1/p' "$out" | head -n 1)
		if [[ -n $url ]] && curl -fsS -o /dev/null --max-time 2 "$url/healthz" 2>/dev/null; then
			SERVER_PID=$pid
			SERVER_URL=$url
			echo "started $name (pid $pid) at $url"
			return 0
		fi
		sleep 0.1
	done
	echo "$name was not ready after 120 s; its log ends:"
	tail -n 5 "$out" | sed 's/^/    /'
	stop_server "$pid" "$name" >/dev/null
	return 1
}

# run_load SCENARIO TARGETS: run lmoload; its JSON report goes to
# $work/SCENARIO.json and its text report to $work/SCENARIO.txt and the screen.
run_load() {
	local s=$1 targets=$2 rc=0
	"$LMOLOAD" -targets "$targets" -duration "${DURATION}s" -warmup "${WARMUP}s" \
		-concurrency "$CONCURRENCY" -seed "$SEED" -json >"$work/$s.json" 2>"$work/$s.txt" || rc=$?
	cat "$work/$s.txt"
	return "$rc"
}

# json_get FILE KEY [SUBKEY]: a value from lmoload's indented JSON report
# (top-level KEY, or SUBKEY of the top-level object KEY).
json_get() {
	awk -v k="$2" -v s="${3:-}" '
		s == "" && index($0, "  \"" k "\": ") == 1 { v = $2; sub(/,$/, "", v); print v; exit }
		s != "" && index($0, "  \"" k "\": {") == 1 { f = 1; next }
		f && /^  [}]/ { exit }
		f && index($0, "    \"" s "\": ") == 1 { v = $2; sub(/,$/, "", v); print v; exit }
	' "$1"
}

# r1 VALUE: a number with one decimal, or "?".
r1() { awk -v x="$1" 'BEGIN { if (x ~ /^[0-9]+(\.[0-9]+)?$/) printf "%.1f", x; else printf "?" }'; }

declare -A STATUS=() NODES=()
FAILED=0

log "building lmo and lmoload into $work/bin"
(cd "$root" && go build -o "$LMO" ./cmd/lmo && go build -o "$LMOLOAD" ./cmd/lmoload)
: >"$work/servers"

want() { [[ " $SCENARIOS " == *" $1 "* ]]; }

# a: one node on SQLite.
if want a; then
	log "scenario a: one node on SQLite (${DURATION}s)"
	NODES[a]=a-node1
	if start_server a-node1 "$work/a.db"; then
		if run_load a "$SERVER_URL"; then STATUS[a]=ok; else STATUS[a]="lmoload failed"; FAILED=1; fi
		stop_server "$SERVER_PID" a-node1
	else
		STATUS[a]="server did not start"
		FAILED=1
	fi
fi

# b and c need PostgreSQL and an lmo that can use it.
PG_SKIP=""
if want b || want c; then
	log "preparing PostgreSQL database $PG_DB"
	if ! command -v pg_isready >/dev/null || ! command -v psql >/dev/null; then
		PG_SKIP="pg_isready or psql is not installed"
	elif ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
		PG_SKIP="PostgreSQL does not answer at $PG_HOST:$PG_PORT"
	elif ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
		-c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >"$work/pg-create.log" 2>&1; then
		PG_SKIP="could not recreate database $PG_DB: $(tail -n 1 "$work/pg-create.log")"
	elif ! (cd "$work" && env -u LMO_DB -u LMO_DATABASE_URL "$LMO" migrate --db "$PG_URL" &&
		env -u LMO_DB -u LMO_DATABASE_URL "$LMO" seed --db "$PG_URL") >"$work/pg-seed.log" 2>&1; then
		PG_SKIP="lmo cannot use a postgres:// database yet (lmo migrate/seed said: $(tail -n 1 "$work/pg-seed.log"))"
	else
		echo "database $PG_DB recreated, migrated and seeded"
	fi
	[[ -z $PG_SKIP ]] || echo "skipping scenarios b and c: $PG_SKIP"
fi

# b: one node on PostgreSQL.
if want b; then
	NODES[b]=b-node1
	if [[ -n $PG_SKIP ]]; then
		STATUS[b]="skipped"
	else
		log "scenario b: one node on PostgreSQL (${DURATION}s)"
		if start_server b-node1 "$PG_URL" --no-seed; then
			if run_load b "$SERVER_URL"; then STATUS[b]=ok; else STATUS[b]="lmoload failed"; FAILED=1; fi
			stop_server "$SERVER_PID" b-node1
		else
			PG_SKIP="lmo serve --db postgres://... did not start (see $work/b-node1.log)"
			echo "skipping scenarios b and c: $PG_SKIP"
			STATUS[b]="skipped"
		fi
	fi
fi

# c: two nodes on the same PostgreSQL database.
if want c; then
	NODES[c]="c-node1 c-node2"
	if [[ -n $PG_SKIP ]]; then
		STATUS[c]="skipped"
	else
		log "scenario c: two nodes on PostgreSQL, round-robin (${DURATION}s)"
		if start_server c-node1 "$PG_URL" --no-seed; then
			pid1=$SERVER_PID url1=$SERVER_URL
			if start_server c-node2 "$PG_URL" --no-seed; then
				pid2=$SERVER_PID url2=$SERVER_URL
				if run_load c "$url1,$url2"; then STATUS[c]=ok; else STATUS[c]="lmoload failed"; FAILED=1; fi
				stop_server "$pid1" c-node1
				stop_server "$pid2" c-node2
			else
				stop_server "$pid1" c-node1
				STATUS[c]="skipped"
				PG_SKIP="the second node did not start (see $work/c-node2.log)"
			fi
		else
			STATUS[c]="skipped"
			PG_SKIP="lmo serve --db postgres://... did not start (see $work/c-node1.log)"
		fi
	fi
fi

# The summary.
log "summary (${DURATION}s per scenario after ${WARMUP}s warm-up, ${CONCURRENCY} workers, seed ${SEED})"
fmt='%-3s %-8s %5s %9s %9s %8s %8s %8s %8s %6s %6s  %-16s %-10s %s\n'
# shellcheck disable=SC2059
printf "$fmt" "" backend nodes requests "req/s" "p50 ms" "p90 ms" "p99 ms" "max ms" errors unexp "peak RSS MB" "CPU s" "server log"
for s in a b c; do
	want "$s" || continue
	backend=SQLite
	[[ $s == a ]] || backend=Postgres
	read -r -a names <<<"${NODES[$s]}"
	if [[ ${STATUS[$s]} != ok ]]; then
		reason=${STATUS[$s]}
		[[ $reason != skipped ]] || reason="skipped: $PG_SKIP"
		printf '%-3s %-8s %5s  %s\n' "$s" "$backend" "${#names[@]}" "$reason"
		continue
	fi
	f=$work/$s.json
	mem="" cpu="" logs=""
	for n in "${names[@]}"; do
		read -r _ hwm c _ < <(grep "^$n " "$work/servers" || echo "$n ? ? ?")
		if [[ $hwm =~ ^[0-9]+$ ]]; then hwm=$(awk -v k="$hwm" 'BEGIN {printf "%.1f", k / 1024}'); fi
		mem+=${mem:+/}$hwm
		cpu+=${cpu:+/}$c
		bad=$(grep -acE 'level=(ERROR|WARN)' "$work/$n.log" || true)
		logs+="${logs:+, }$n: $bad warn/error"
	done
	# shellcheck disable=SC2059
	printf "$fmt" "$s" "$backend" "${#names[@]}" "$(json_get "$f" total_requests)" "$(r1 "$(json_get "$f" throughput_rps)")" \
		"$(r1 "$(json_get "$f" latency_ms p50)")" "$(r1 "$(json_get "$f" latency_ms p90)")" \
		"$(r1 "$(json_get "$f" latency_ms p99)")" "$(r1 "$(json_get "$f" latency_ms max)")" "$(json_get "$f" errors total)" "$(json_get "$f" unexpected)" \
		"$mem" "$cpu" "$logs"
done
echo
echo "reports (SCENARIO.txt, SCENARIO.json) and server logs are in $work"
exit "$FAILED"
