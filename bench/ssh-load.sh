#!/usr/bin/env bash
# Load test of `lambdatutor serve` on loopback: N concurrent SSH sessions that
# navigate like learners; reports first-frame and keystroke-to-screen latency
# (p50, p99) and the server's RSS per session. Bounded: every wait has a
# timeout and each run a deadline. Linux only (reads /proc).
#
#   bench/ssh-load.sh                     # N = 50 and 200, a key a second per learner
#   bench/ssh-load.sh -think 250ms        # a stress pace: four keys a second each
#   bench/ssh-load.sh -n 10 -keys 10      # a quick check
#   bench/ssh-load.sh -python -n 50       # 50 learners holding a warm Python environment: server RSS
#   bench/ssh-load.sh -n 400 -instances 2 -db postgres   # two servers on one PostgreSQL
#   bench/ssh-load.sh -n 400 -instances 2 -db sqlite     # the same on one SQLite file
#   bench/ssh-load.sh -n 50 -hostile 5    # beside 5 hostile sessions (issue 19): bombs, pastes, giant windows
#   bench/ssh-load.sh -n 50 -hostile 5 -hostile-alone   # the same 50 alone first, and the ratio of the p99s
#   bench/ssh-load.sh -n 50 -idle 20s     # 50 sessions idle on the home screen: the server's CPU time (issue 19)
#
# -db postgres starts a throwaway cluster (Debian's postgresql package:
# initdb and pg_ctl; as root it runs as nobody) on a loopback port and
# removes it afterwards. Each server also reports its store's write latency.
#
# Other flags: go run ./bench/ssh_load -h
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/ssh_load
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./bench/ssh_load
"$bin" "$@"
