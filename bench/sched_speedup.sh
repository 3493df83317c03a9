#!/usr/bin/env bash
# Speed-up from one scheduler to two: two CPU-bound processes, wall time
# on +S 1 divided by wall time on +S 2, median of ROUNDS, on build/girder
# and on erl side by side.   Usage: bench/sched_speedup.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
erlc -o "$OUT" bench/memory/bench_two_cpu.erl
. bench/lib.sh
run() { "$@" -noshell -pa "$OUT" -run bench_two_cpu main -s init stop; }
g=""; e=""
for _ in $(seq 1 "$ROUNDS"); do
  g1=$(run build/girder +S 1); g2=$(run build/girder +S 2)
  e1=$(run erl +S 1); e2=$(run erl +S 2)
  g="$g $(awk -v a="$g1" -v b="$g2" 'BEGIN{print a/b}')"
  e="$e $(awk -v a="$e1" -v b="$e2" 'BEGIN{print a/b}')"
done
printf "%-26s %8s %8s\n" benchmark girder erl
printf "%-26s %8s %8s\n" "speed-up +S 1 -> +S 2" "$(echo $g | tr ' ' '\n' | median)" "$(echo $e | tr ' ' '\n' | median)"
