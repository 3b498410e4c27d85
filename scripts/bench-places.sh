#!/bin/sh
# The place pages' server time (p50-ms, p99-ms per page, cpu-ms/op, and
# first-ms: the first request, which fills what the server keeps per data
# version; the response cache off): the starter data, then the publishers'
# whole UN DESA table by origin and destination, then 10 million synthetic
# observations; on SQLite and, with LMO_TEST_POSTGRES set, PostgreSQL. The
# machine's load average is printed before each run: wall times on a shared
# machine mean little without it.
set -e
cd "$(dirname "$0")/.."
uptime
go test ./web -run XXX -bench Places -benchtime 200x
uptime
LMO_BENCH_REAL=1 go test ./web -run XXX -bench Places -benchtime 200x
uptime
LMO_BENCH_REAL=1 LMO_BENCH_OBSERVATIONS=10000000 go test ./web -run XXX -bench Places -benchtime 200x -timeout 3h
