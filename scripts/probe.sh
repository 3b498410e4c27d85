#!/usr/bin/env bash
# Probe LMO with hostile input and print what held:
#
#   1. lmoprobe's ~3,000 hostile requests against `lmo serve` on a fresh
#      SQLite database, and on PostgreSQL when it answers at 127.0.0.1:5432
#      (database lmo_probe, dropped and recreated): statuses, server errors,
#      reflected markup, and the server's peak resident memory;
#   2. bad import files through `lmo import`: each must fail with a message
#      that names the place, without a panic, and write nothing.
#
#   scripts/probe.sh            # SCENARIOS="sqlite postgres" by default
#
# Everything listens on 127.0.0.1 only. The work directory (logs, files) is
# printed at the end. Exits 1 when anything did not hold.
set -euo pipefail

SCENARIOS=${SCENARIOS:-sqlite postgres}
PG_URL="postgres://postgres@127.0.0.1:5432/lmo_probe?sslmode=disable"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/lmo-probe.XXXXXX")
LMO=$work/bin/lmo
PROBE=$work/bin/lmoprobe
failed=0

(cd "$root" && go build -o "$LMO" ./cmd/lmo && go build -o "$PROBE" ./cmd/lmoprobe)

# serve DB: start lmo serve on a free port; sets PID and URL.
serve() {
	local log=$work/serve-$1.log i
	"$LMO" serve --addr 127.0.0.1:0 --db "$2" >"$log" 2>&1 &
	PID=$!
	for ((i = 0; i < 1200; i++)); do
		URL=$(sed -n 's/.*msg=serving url="\{0,1\}\(http:\/\/[^" ]*\).*/\1/p' "$log" | head -n 1)
		if [[ -n $URL ]] && curl -fsS -o /dev/null --max-time 2 "$URL/healthz"; then
			return 0
		fi
		kill -0 "$PID" 2>/dev/null || { tail -n 5 "$log"; return 1; }
		sleep 0.1
	done
	return 1
}

# stop: print the server's peak memory and whether it logged a panic.
stop() {
	local hwm
	hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$PID/status")
	kill -TERM "$PID"
	wait "$PID" || true
	echo "  server peak RSS: $((hwm / 1024)) MiB"
	if grep -q 'msg=panic' "$work"/serve-*.log; then
		echo "  the server logged a panic"
		failed=1
	fi
}

for s in $SCENARIOS; do
	db=$work/probe.db
	if [[ $s == postgres ]]; then
		if ! pg_isready -q -h 127.0.0.1 -p 5432; then
			echo "== postgres: skipped, PostgreSQL does not answer"
			continue
		fi
		psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS lmo_probe WITH (FORCE)' -c 'CREATE DATABASE lmo_probe'
		db=$PG_URL
	fi
	echo "== $s: hostile requests"
	serve "$s" "$db"
	"$PROBE" -target "$URL" | tee "$work/probe-$s.txt" || failed=1
	stop
done

echo "== bad import files"
db=$work/import.db
"$LMO" seed --db "$db" >/dev/null
before=$("$LMO" export --db "$db" | sha256sum)
valid='{"slug": "x-probe", "title": "T", "summary": "S", "status": "ongoing", "countries": [{"code": "PH", "role": "origin"}], "sources": [{"title": "S"}]}'
files=(
	'' 'null' '[null]' '{}' '"text"' '42' '[' '[{' '[1, 2]' '[[]]' '["x"]' "[$valid] garbage" "[$valid][]"
	"[$valid, null]" "[$valid,]" '[{"title": 5}]' '[{"slug": ["a"]}]' '[{"countries": "PH"}]' '[{"start_year": "2020"}]'
	'[{"no_such_field": 1}]' '[{"title": "a\u0000b", "slug": "nul"}]' '[{"slug": "Bad Slug"}]' "[$valid, $valid]"
	'[{"slug": "x", "review_status": "bogus"}]' '[{"slug": "x", "language": "english please"}]'
	'[{"slug": "x", "themes": ["no-such-theme"]}]' '[{"slug": "x", "countries": [{"code": "ZZ", "role": "origin"}]}]'
	'[{"slug": "x", "start_year": 99999}]' '[{"slug": "x", "end_year": 1901, "start_year": 2000}]'
	'[{"slug": "x", "sources": [{"title": "s", "url": "javascript:alert(1)"}]}]'
)
printf '\xef\xbb\xbf' >"$work/bom-only.json"
printf '\xff\xfe[]' >"$work/utf16-bom.json"
printf '[{"title": "\xff"}]' >"$work/bad-utf8.json"
head -c 3000000 /dev/zero | tr '\0' 'x' | sed 's/^/[{"summary": "/; s/$/"}]/' >"$work/huge-summary.json"
extra=("$work/bom-only.json" "$work/utf16-bom.json" "$work/bad-utf8.json" "$work/huge-summary.json")
n=0 held=0
for body in "${files[@]}"; do
	n=$((n + 1))
	printf '%s' "$body" >"$work/bad-$n.json"
	extra+=("$work/bad-$n.json")
done
for f in "${extra[@]}"; do
	if out=$("$LMO" import --db "$db" --file "$f" 2>&1); then
		echo "  accepted: $(basename "$f"): $out"
		failed=1
	elif grep -q 'goroutine \|panic' <<<"$out"; then
		echo "  panicked: $(basename "$f")"
		failed=1
	else
		held=$((held + 1))
	fi
done
after=$("$LMO" export --db "$db" | sha256sum)
echo "  $held of ${#extra[@]} bad files refused with a message; database unchanged: $([[ $before == "$after" ]] && echo yes || echo NO)"
[[ $before == "$after" ]] || failed=1
echo "work directory: $work"
exit "$failed"
