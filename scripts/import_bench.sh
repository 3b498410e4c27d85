#!/usr/bin/env bash
# Issue 11, item 6: how fast lmo import ilostat streams a large file, and
# with how much memory, beside each engine's own bulk path for the same
# rows: the sqlite3 shell's .import and PostgreSQL's COPY (psql \copy),
# each into a bare table (no key, no index, no parsing of the publisher's
# codes: the ceiling).
#
#   scripts/import_bench.sh                 # ROWS=1000000, SQLite and PostgreSQL
#   ROWS=10000000 scripts/import_bench.sh
#   BACKENDS=sqlite GZIP=1 scripts/import_bench.sh
#
# Environment: ROWS (default 1000000); BACKENDS ("sqlite", "postgres" or
# both, the default; postgres needs a server at 127.0.0.1:5432 and uses the
# database lmo_import_bench, dropped and recreated); GZIP=1 to import the
# file gzipped (the engines' bulk paths read it plain); AGAIN=0 to skip the
# second import of the same file (every row unchanged); KEEP=1 to keep the
# work directory.
#
# The file is generated, in ILOSTAT's coded bulk layout, and is SYNTHETIC:
# made-up values of made-up indicators (SYNTHETIC_BENCH_<n>_NB) for real
# countries, labelled so in its name and in every indicator code and source.
# It is never committed (it lives in a temporary directory).
#
# Prints, for each run: rows, wall seconds and rows per second, CPU seconds
# (user + system) and rows per CPU-second (the fairer figure on a shared
# machine; lmo uses two threads, reading and writing, the engines one), peak
# resident memory (GNU time's maximum resident set size) and, for lmo, its
# ratio to the engine's bulk path.
set -euo pipefail

ROWS=${ROWS:-1000000}
BACKENDS=${BACKENDS:-sqlite postgres}
GZIP=${GZIP:-0}
AGAIN=${AGAIN:-1}
PG_ADMIN="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
PG_URL="postgres://postgres@127.0.0.1:5432/lmo_import_bench?sslmode=disable"
EDITION=2026-01-01
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/lmo-import-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

if ! command -v sqlite3 > /dev/null; then
	apt-get install -y sqlite3 > /dev/null
fi
if [ ! -x /usr/bin/time ]; then
	apt-get install -y time > /dev/null
fi
(cd "$root" && go build -o "$work/lmo" ./cmd/lmo)

# The synthetic file: real ISO alpha-3 codes from the starter countries
# (so that every row maps to an area), 3 sexes, 75 years, then as many
# classif1 codes and indicators as ROWS needs; every key distinct.
file=$work/SYNTHETIC_BENCH-$EDITION.csv
awk -F, 'NR > 1 { print $2 }' "$root/starter/countries.csv" > "$work/areas"
awk -v rows="$ROWS" '
	NR == FNR { areas[n++] = $1; next }
	END {
		print "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source"
		split("SEX_T SEX_M SEX_F", sexes, " ")
		per = n * 3 * 75          # rows of one indicator and classif1
		for (i = 0; i < rows; i++) {
			year = 1950 + i % 75
			sex = sexes[int(i / 75) % 3 + 1]
			area = areas[int(i / 225) % n]
			combo = int(i / per)
			printf "%s,XX:SYNTHETIC,SYNTHETIC_BENCH_%d_NB,%s,CLA_SYN_%d,,%d,%d.%d,,,,\n",
				area, int(combo / 20) + 1, sex, combo % 20 + 1, year, (i * 7919) % 1000000, i % 10
		}
	}' "$work/areas" /dev/null > "$file"
input=$file
if [ "$GZIP" = 1 ]; then
	gzip -k -1 "$file"
	input=$file.gz
fi
echo "synthetic ILOSTAT coded file: $ROWS rows, $(du -h "$file" | cut -f1) ($(du -h "$input" | cut -f1) as imported)"

# measure NAME CMD...: runs CMD under GNU time; prints wall seconds and peak RSS.
measure() {
	local name=$1
	shift
	/usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2> "$work/err" || {
		cat "$work/err" "$work/out" >&2
		echo "$name failed" >&2
		exit 1
	}
	local wall cpu rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time")
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
	printf "%-48s %9d rows %8.2f s %9.0f rows/s | CPU %7.2f s %9.0f rows/CPU-s | %5d MB peak RSS\n" \
		"$name" "$ROWS" "$wall" "$(echo "$ROWS / $wall" | bc -l)" "$cpu" "$(echo "$ROWS / $cpu" | bc -l)" "$rss"
	echo "$wall $cpu" > "$work/last"
}

ratio() { # "lmo wall cpu", "engine wall cpu", cpu too (1 for SQLite; PostgreSQL's work is the server's, which time does not see)
	local lw lc ew ec
	read -r lw lc <<< "$1"
	read -r ew ec <<< "$2"
	if [ "$3" = 1 ]; then
		printf "%-48s %.2f of the engine's bulk rate (wall), %.2f (CPU)\n" "  lmo / bulk" "$(echo "$ew / $lw" | bc -l)" "$(echo "$ec / $lc" | bc -l)"
	else
		printf "%-48s %.2f of the engine's bulk rate (wall; the CPU figures are the clients' only)\n" "  lmo / bulk" "$(echo "$ew / $lw" | bc -l)"
	fi
}

bare="CREATE TABLE bare (ref_area TEXT, source TEXT, indicator TEXT, sex TEXT, classif1 TEXT, classif2 TEXT,
	time TEXT, obs_value REAL, obs_status TEXT, note_classif TEXT, note_indicator TEXT, note_source TEXT)"

for backend in $BACKENDS; do
	case $backend in
	sqlite)
		db=$work/bench.db
		"$work/lmo" seed --db "$db" > /dev/null
		measure "sqlite: lmo import ilostat" "$work/lmo" import ilostat --db "$db" --edition "$EDITION" "$input"
		grep -E '^  (rows read|written|elapsed)' "$work/out" | sed 's/^/    /'
		lmo_s=$(cat "$work/last")
		if [ "$AGAIN" = 1 ]; then
			measure "sqlite: lmo import ilostat, again (unchanged)" "$work/lmo" import ilostat --db "$db" --edition "$EDITION" "$input"
			grep -E '^  (unchanged)' "$work/out" | sed 's/^/    /'
		fi
		rm -f "$work/bare.db"
		sqlite3 "$work/bare.db" "PRAGMA journal_mode=WAL;" "$bare;" > /dev/null
		measure "sqlite: sqlite3 .import into a bare table" sqlite3 "$work/bare.db" "PRAGMA synchronous=NORMAL;" ".mode csv" "BEGIN;" ".import --skip 1 $file bare" "COMMIT;"
		ratio "$lmo_s" "$(cat "$work/last")" 1
		;;
	postgres)
		psql -q "$PG_ADMIN" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS lmo_import_bench" -c "CREATE DATABASE lmo_import_bench" > /dev/null
		"$work/lmo" seed --db "$PG_URL" > /dev/null
		measure "postgres: lmo import ilostat" "$work/lmo" import ilostat --db "$PG_URL" --edition "$EDITION" "$input"
		grep -E '^  (rows read|written|elapsed)' "$work/out" | sed 's/^/    /'
		lmo_s=$(cat "$work/last")
		if [ "$AGAIN" = 1 ]; then
			measure "postgres: lmo import ilostat, again (unchanged)" "$work/lmo" import ilostat --db "$PG_URL" --edition "$EDITION" "$input"
			grep -E '^  (unchanged)' "$work/out" | sed 's/^/    /'
		fi
		psql -q "$PG_URL" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS bare" -c "$bare" > /dev/null
		measure "postgres: psql \\copy into a bare table" psql -q "$PG_URL" -c "\\copy bare FROM '$file' WITH (FORMAT csv, HEADER true)"
		ratio "$lmo_s" "$(cat "$work/last")" 0
		psql -q "$PG_ADMIN" -c "DROP DATABASE lmo_import_bench" > /dev/null
		;;
	*)
		echo "unknown backend $backend" >&2
		exit 2
		;;
	esac
done
