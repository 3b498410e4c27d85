#!/usr/bin/env bash
# The speed table of issue 9: each kind of request against one or two lmo
# nodes on one database, beside the hello-world ceiling (cmd/lmohello)
# measured in the same run on the same machine, with the response cache on
# (a repeated answer) and off (every answer rendered: a first render). With
# two nodes, requests go round-robin to both (lmoload -targets).
#
#   scripts/speed.sh                     # SQLite, one node, 10 s a row
#   DURATION=5 BACKENDS="sqlite postgres" NODES="1 2" scripts/speed.sh
#
# Environment: DURATION (seconds a row, default 10), CONCURRENCY (default 32),
# BACKENDS ("sqlite", "postgres" or both; postgres needs a server at
# 127.0.0.1:5432 and uses the database lmo_speed, dropped and recreated),
# NODES ("1", "2" or "1 2").
# Loopback only; reports stay in a temporary directory printed at the end.
set -euo pipefail

DURATION=${DURATION:-10}
CONCURRENCY=${CONCURRENCY:-32}
BACKENDS=${BACKENDS:-sqlite}
NODES=${NODES:-1}
PG_URL="postgres://postgres@127.0.0.1:5432/lmo_speed?sslmode=disable"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/lmo-speed.XXXXXX")
bin=$work/bin
mkdir -p "$bin"
(cd "$root" && go build -o "$bin/lmo" ./cmd/lmo && go build -o "$bin/lmoload" ./cmd/lmoload && go build -o "$bin/lmohello" ./cmd/lmohello)

pids=()
cleanup() { for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# wait_up URL: until /healthz answers.
wait_up() {
	for _ in $(seq 1 300); do
		curl -fsS -o /dev/null --max-time 1 "$1/healthz" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "speed.sh: $1 did not come up" >&2
	return 1
}

# measure NAME URL ARGS...: lmoload for DURATION; prints "req/s p99".
measure() {
	local name=$1 url=$2
	shift 2
	"$bin/lmoload" -targets "$url" -duration "${DURATION}s" -warmup 2s -concurrency "$CONCURRENCY" -json "$@" \
		>"$work/$name.json" 2>"$work/$name.txt"
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.0f %.1f %d" % (r["throughput_rps"], r["latency_ms"]["p99"], r["unexpected"]+r["errors"]["total"]))' "$work/$name.json"
}

"$bin/lmohello" -addr 127.0.0.1:8090 &
pids+=($!)
wait_up http://127.0.0.1:8090

printf '%-9s %-5s %-48s %10s %9s %9s %6s\n' backend nodes request "req/s" "p99 ms" ceiling ratio
for backend in $BACKENDS; do
	case $backend in
	sqlite) db=$work/speed.db ;;
	postgres)
		psql -q "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable" -c 'DROP DATABASE IF EXISTS lmo_speed' -c 'CREATE DATABASE lmo_speed' >/dev/null
		db=$PG_URL ;;
	*) echo "speed.sh: unknown backend $backend" >&2; exit 2 ;;
	esac
	"$bin/lmo" seed --db "$db" >/dev/null
	for nodes in $NODES; do
	for cache in on off; do
		mb=64
		[[ $cache == off ]] && mb=-1
		targets=""
		node_pids=()
		for port in $(seq 8096 $((8096 + nodes - 1))); do
			"$bin/lmo" serve --db "$db" --addr 127.0.0.1:$port --cache-mb "$mb" --base-url http://127.0.0.1:8096 \
				2>"$work/serve-$backend-$nodes-$cache-$port.log" &
			node_pids+=($!)
			pids+=($!)
			wait_up http://127.0.0.1:$port
			targets+="${targets:+,}http://127.0.0.1:$port"
		done
		slug=$(curl -fsS 'http://127.0.0.1:8096/api/v1/practices?per_page=1' | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
		rows=("practice page|fixed=1|/practices/$slug"
			"search ?q=domestic+workers|fixed=1|/practices?q=domestic+workers"
			"API list ?region=arab-states|fixed=1|/api/v1/practices?region=arab-states"
			"instrument page C189|fixed=1|/instruments/C189")
		[[ $cache == on ]] && rows+=("a page's If-None-Match (304)|conditional=1|" "/healthz|fixed=1|/healthz")
		for row in "${rows[@]}"; do
			IFS='|' read -r label mix path <<<"$row"
			args=(-mix "$mix")
			[[ -n $path ]] && args+=(-path "$path")
			read -r rps p99 bad < <(measure "$backend-$nodes-$cache-${label//[^a-zA-Z0-9]/_}" "$targets" "${args[@]}")
			read -r crps _ _ < <(measure "ceiling-${label//[^a-zA-Z0-9]/_}-$backend-$nodes-$cache" http://127.0.0.1:8090 -mix fixed=1 -path /)
			kind="repeated"
			[[ $cache == off ]] && kind="first render"
			[[ $label == /healthz || $label == *304* ]] && kind=""
			printf '%-9s %-5s %-48s %10s %9s %9s %6s%s\n' "$backend" "$nodes" "$label ${kind:+($kind)}" "$rps" "$p99" "$crps" \
				"$(python3 -c "print('%.2f' % ($rps / $crps))")" "$([[ $bad != 0 ]] && echo "  ($bad unexpected or errors)")"
		done
		for p in "${node_pids[@]}"; do
			kill "$p"
			wait "$p" 2>/dev/null || true
		done
	done
	done
done
echo
echo "reports: $work"
