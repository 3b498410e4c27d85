#!/bin/sh
# The place pages' server time (p50-ms, p99-ms per page; the response
# cache off): the starter data, then the publishers' whole UN DESA table by
# origin and destination, then 10 million synthetic observations; on SQLite
# and, with LMO_TEST_POSTGRES set, PostgreSQL.
set -e
cd "$(dirname "$0")/.."
go test ./web -run XXX -bench Places -benchtime 200x
LMO_BENCH_REAL=1 go test ./web -run XXX -bench Places -benchtime 200x
LMO_BENCH_REAL=1 LMO_BENCH_OBSERVATIONS=10000000 go test ./web -run XXX -bench Places -benchtime 200x -timeout 3h
