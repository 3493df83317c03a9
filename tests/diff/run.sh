#!/usr/bin/env bash
# The project's own differential tests: each tests/diff/*.erl is compiled
# with erlc, run with `<vm> -noshell -pa DIR -run M main -s init stop` on
# Girder and on erl; stdout and exit status must be equal. Modules in lib/
# are helpers the tests share. A test whose first line is
# `%% flags: +S 1` runs with those emulator flags on both VMs;
# DIFF_VM_FLAGS adds flags to every run (both VMs), e.g. '+S 4'.
# Prints one line per test and closes with "N passed, N failed".
# With --no-big, tests named big_* are left out. Further arguments name the
# tests to run (default: all).
set -uo pipefail
NOBIG=0
if [ "${1:-}" = --no-big ]; then NOBIG=1; shift; fi
VM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
ONLY=("$@")
cd "$(dirname "$0")"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# lib/ holds helper modules the tests share; only ./*.erl are tests
erlc -o "$OUT" ./*.erl lib/*.erl || { echo "erlc failed"; echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0
for src in ./*.erl; do
  m=$(basename "$src" .erl)
  if [ $NOBIG = 1 ] && [[ $m == big_* ]]; then continue; fi
  if [ ${#ONLY[@]} -gt 0 ] && [[ " ${ONLY[*]} " != *" $m "* ]]; then continue; fi
  # shellcheck disable=SC2206
  flags=(${DIFF_VM_FLAGS:-} $(sed -n '1s/^%% flags: //p' "$src"))
  (cd "$OUT" && timeout "${DIFF_TIMEOUT:-60}" erl "${flags[@]}" -noshell -pa "$OUT" -run "$m" main -s init stop > "$m.ref" 2>/dev/null < /dev/null); r1=$?
  (cd "$OUT" && timeout "${DIFF_TIMEOUT:-60}" "$VM" "${flags[@]}" -noshell -pa "$OUT" -run "$m" main -s init stop > "$m.out" 2> "$m.err" < /dev/null); r2=$?
  if [ $r1 = $r2 ] && cmp -s "$OUT/$m.ref" "$OUT/$m.out"; then
    echo "PASS $m"; pass=$((pass+1))
  else
    echo "FAIL $m (status erl=$r1 girder=$r2)"; diff "$OUT/$m.ref" "$OUT/$m.out" | head -20 | sed 's/^/    /'
    head -5 "$OUT/$m.err" | sed 's/^/    stderr: /'
    fail=$((fail+1))
  fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
