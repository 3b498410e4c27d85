#!/bin/bash
# The engine's own bulk path, for the statistics import benchmarks: times
# the sqlite3 shell's .import of N synthetic observations (CSV, the shape
# of storetest.SyntheticStatistics: 250 areas x 3 sexes x 35 years per
# indicator) into a bare table (no key, no index), then into the
# observations table of the 00007 migration (its key and index in place).
#
#   scripts/bulk_baseline.sh [N]     (N defaults to LMO_BENCH_OBSERVATIONS or 200000)
#
# Needs the sqlite3 shell (apt-get install -y sqlite3) and bc. Prints rows
# per second of wall time and per second of CPU time (user + system: what
# the engine needs when the machine is not shared).
set -eu
n=${1:-${LMO_BENCH_OBSERVATIONS:-200000}}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
root=$(cd "$(dirname "$0")/.." && pwd)

awk -v n="$n" 'BEGIN {
	split("total male female", sexes, " ")
	for (i = 0; i < n; i++) {
		year = 1990 + i % 35; sex = sexes[int(i / 35) % 3 + 1]
		area = sprintf("A%03d", int(i / 105) % 250); series = int(i / 26250) + 1
		if (i % 50 == 49) { value = ""; status = "unavailable" } else { value = (i % 100000) * 1.5; status = "estimated" }
		printf "%d,%s,,%s,,,,,,,%d,%d,%d,%s,%s,,1764633600000000\n", series, area, sex, year * 12, year * 12 + 11, year, value, status
	}
}' > "$dir/obs.csv"

run() { # name, schema
	rm -f "$dir/db"
	sqlite3 "$dir/db" "PRAGMA journal_mode=WAL;" "$2" > /dev/null
	TIMEFORMAT='%R %U %S'
	t=$( { time sqlite3 "$dir/db" "PRAGMA synchronous=NORMAL;" ".mode csv" "BEGIN;" ".import $dir/obs.csv observations" "COMMIT;" > /dev/null; } 2>&1 )
	read -r wall user sys <<< "$t"
	rows=$(sqlite3 "$dir/db" "SELECT count(*) FROM observations")
	echo "$1: $rows rows in $wall s ($(echo "$rows / $wall" | bc) rows/s), CPU $user + $sys s ($(echo "$rows / ($user + $sys)" | bc) rows/CPU-s)"
}

run "bare table" "CREATE TABLE observations (series INTEGER, area TEXT, origin TEXT, sex TEXT, age TEXT, migrant TEXT,
	activity TEXT, occupation TEXT, other TEXT, source TEXT, period_start INTEGER, period_end INTEGER, period TEXT,
	value REAL, status TEXT, note TEXT, changed INTEGER)"
run "observations, key and index" "$(sed -n '/^CREATE TABLE observations/,/^CREATE INDEX observations_period/p' "$root/sqlite/migrations/00007_statistics.sql")"
