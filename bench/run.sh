#!/usr/bin/env bash
# Runs each bench/programs/bench_*.erl on build/girder and on erl, side by
# side, and prints the median time of one run on each and the ratio
# Girder/erl (lower is better for Girder).
# Usage: bench/run.sh [REPEATS [ROUNDS]]
# Each round starts both VMs once (Girder, then erl), and each VM runs the
# benchmark REPEATS times and reports its median; the figure printed is the
# median over ROUNDS rounds, so that a burst of load from elsewhere on a
# shared machine, which hits one VM's run, does not decide the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
ROUNDS=${2:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
erlc -o "$OUT" bench/programs/*.erl
. bench/lib.sh
printf "%-16s %12s %12s %8s\n" benchmark girder_us erl_us ratio
for src in bench/programs/bench_*.erl; do
  m=$(basename "$src" .erl)
  [ "$m" = bench_driver ] && continue
  gts=""; ets=""; wrong=""
  for _ in $(seq 1 "$ROUNDS"); do
    g=$(build/girder -noshell -pa "$OUT" -run bench_driver main "$m" "$REPS" -s init stop 2>/dev/null || true)
    e=$(erl -noshell -pa "$OUT" -run bench_driver main "$m" "$REPS" -s init stop 2>/dev/null || true)
    gr=$(echo "$g" | awk '/^result/{print $2}'); er=$(echo "$e" | awk '/^result/{print $2}')
    gt=$(echo "$g" | awk '/^median_us/{print $2}'); et=$(echo "$e" | awk '/^median_us/{print $2}')
    if [ -z "$gt" ] || [ "$gr" != "$er" ]; then wrong=yes; break; fi
    gts="$gts $gt"; ets="$ets $et"
  done
  if [ -n "$wrong" ]; then
    printf "%-16s %12s %12s %8s\n" "${m#bench_}" "${gt:-fail}" "${et:-?}" "wrong"
    continue
  fi
  gt=$(echo $gts | tr ' ' '\n' | median); et=$(echo $ets | tr ' ' '\n' | median)
  printf "%-16s %12s %12s %8.2f\n" "${m#bench_}" "$gt" "$et" "$(awk -v a="$gt" -v b="$et" 'BEGIN{print a/b}')"
done
