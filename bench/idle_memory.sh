#!/usr/bin/env bash
# Memory per idle process: each VM spawns N processes that wait in
# receive; the figures are (RSS with N - RSS with none) / N and the growth
# of erlang:memory(processes) / N, the medians of ROUNDS rounds, on
# build/girder and on erl side by side.
# Usage: bench/idle_memory.sh [N [ROUNDS]]   (default 1000000 3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ROUNDS=${2:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
erlc -o "$OUT" bench/memory/bench_idle.erl
# rss VM... : starts the VM with the bench, waits for "ready", prints VmRSS
# in kB and the growth of erlang:memory(processes) in bytes
rss() {
  local n=$1; shift
  local log="$OUT/log.$$"
  "$@" +P 134217727 -noshell -pa "$OUT" -run bench_idle main "$n" > "$log" 2>&1 &
  local pid=$!
  while ! grep -q '^ready' "$log" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "VM exited: $(head -3 "$log")" >&2; return 1; }
    sleep 0.2
  done
  # erl is a wrapper script: the emulator is its child beam.smp
  local vm=$pid
  local child; child=$(pgrep -P $pid beam.smp || true)
  [ -n "$child" ] && vm=$child
  echo "$(awk '/^VmRSS/{print $2}' /proc/$vm/status) $(awk '/^ready/{print $3}' "$log")"
  kill $pid 2>/dev/null; [ "$vm" != "$pid" ] && kill "$vm" 2>/dev/null
  wait $pid 2>/dev/null || true
}
. bench/lib.sh
per() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN{printf "%.0f", (a-b)*1024/n}'; }
g=""; e=""; gp=""; ep=""
for _ in $(seq 1 "$ROUNDS"); do
  read -r g0 _ < <(rss 0 build/girder); read -r g1 gpm < <(rss "$N" build/girder)
  read -r e0 _ < <(rss 0 erl); read -r e1 epm < <(rss "$N" erl)
  g="$g $(per "$g1" "$g0")"; e="$e $(per "$e1" "$e0")"
  gp="$gp $((gpm / N))"; ep="$ep $((epm / N))"
done
row() {
  local gm em
  gm=$(echo $2 | tr ' ' '\n' | median); em=$(echo $3 | tr ' ' '\n' | median)
  printf "%-30s %10s %10s %8.2f\n" "$1" "$gm" "$em" "$(awk -v a="$gm" -v b="$em" 'BEGIN{print a/b}')"
}
printf "%-30s %10s %10s %8s\n" benchmark girder_B erl_B ratio
row "idle process RSS ($N)" "$g" "$e"
row "idle process memory(processes)" "$gp" "$ep"
