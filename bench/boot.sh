#!/usr/bin/env bash
# Boot to halt: wall time of `VM -noshell -eval 'halt().'` on build/girder
# (the OTP boot, GIRDER_BOOT=otp, and direct mode) and on erl, the median
# of ROUNDS fresh starts each, interleaved so that load from elsewhere hits
# both alike; the ratio is Girder's OTP boot over erl's.
# Usage: bench/boot.sh [ROUNDS]   (default 11)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-11}
. bench/lib.sh
# wall milliseconds of one run of the command
ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" -noshell -eval 'halt().' > /dev/null 2>&1 < /dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
g=""; d=""; e=""
for _ in $(seq 1 "$ROUNDS"); do
  g="$g $(GIRDER_BOOT=otp ms build/girder)"
  d="$d $(GIRDER_BOOT=direct ms build/girder)"
  e="$e $(ms erl)"
done
gm=$(echo $g | tr ' ' '\n' | median); dm=$(echo $d | tr ' ' '\n' | median); em=$(echo $e | tr ' ' '\n' | median)
printf "%-28s %10s %10s %8s\n" benchmark girder_ms erl_ms ratio
printf "%-28s %10s %10s %8.2f\n" "boot to halt (OTP boot)" "$gm" "$em" "$(awk -v a="$gm" -v b="$em" 'BEGIN{print a/b}')"
printf "%-28s %10s %10s %8.2f\n" "boot to halt (direct mode)" "$dm" "$em" "$(awk -v a="$dm" -v b="$em" 'BEGIN{print a/b}')"
